package org.cometserver.server.e2e.browser;

import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.browser.BrowserPage.Event;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.ClusterNodes.Node;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue #12 acceptance 2 in a browser: a page using our JS client in headless Chromium, loaded from node A and
 * connected to it with {@code cluster: true}, receives what the {@code mariadb} CLI inserts on node B. (In this package
 * because {@link Chromium} and {@link BrowserPage} are package-private.)
 */
class ClusterInChromiumTest {
    @TempDir
    Path dir;

    @Test
    void pageOnAReceivesAMessageInsertedWithTheMariadbCliOnB() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        try (ClusterNodes cluster = ClusterNodes.start(dir, redis, 3, "");
             Chromium chromium = Chromium.launch()) {
            Node a = cluster.node("n1");
            Node b = cluster.node("n2");
            Node c = cluster.node("n3");
            sql(b, "INSERT INTO users_auth (id, hash) VALUES (71, 'key71')");
            try (BrowserPage page = chromium.open("clusterA", a.ws())) {
                page.eval("cometApi.subscription('cluster_news', rec('cluster_news'));"
                        + " cometApi.subscription('msg', rec('msg'));"
                        + " cometApi.onAuthSuccess(rec('authSuccess'))");
                // A first: with cluster the client holds one socket, to the first node it reaches
                page.eval("cometApi.start({node: ['" + a.wsAddress() + "', '" + c.wsAddress() + "'], cluster: true,"
                        + " user_id: 71, user_key: 'key71'})");
                page.await("authSuccess");
                for (Node node : cluster.nodes()) {
                    String[] last = {""};
                    Eventually.until("the page's subscription counted on " + node.name(),
                            () -> (last[0] = count(node)).equals("1"), () -> last[0]);
                }

                sql(b, "INSERT INTO pipes_messages (name, event, message) VALUES ('cluster_news', 'ev',"
                        + " '{\"text\":\"inserted on B\"}')");
                sql(b, "INSERT INTO users_messages (id, event, message) VALUES (71, 'ev', 'private from B')");

                Event news = page.await("cluster_news");
                assertEquals("inserted on B", news.data().path("text").asText(), news.toString());
                assertEquals("ev", news.serverInfo("event").asText());
                assertEquals("private from B", page.await("msg").data().asText());
            }
        } finally {
            redis.close();
        }
    }

    private static String count(Node node) {
        return MariadbCli.execute(node.cometQl(), MariadbCli.Tls.SKIP_SSL,
                "SELECT users FROM pipes WHERE name = 'cluster_news'", "-N").assertSuccess().stdout().strip();
    }

    private static void sql(Node node, String statement) {
        MariadbCli.execute(node.cometQl(), MariadbCli.Tls.SKIP_SSL, statement).assertSuccess();
    }
}
