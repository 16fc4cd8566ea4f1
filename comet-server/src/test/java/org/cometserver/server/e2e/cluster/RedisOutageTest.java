package org.cometserver.server.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.ClientProcess;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.ws.JdkWsClient;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.ClusterNodes.Node;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12 acceptance 4: Redis stopped for 5 s and restarted on the same port under three running nodes. Publishes
 * during the outage answer ERR (never an OK for a message that went nowhere) and {@code cluster_redis_available}
 * says 0; after the restart every node delivers again to the pages that stayed connected, without restarting a node.
 */
class RedisOutageTest {
    private static final long OUTAGE_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Test
    void publishesFailDuringTheOutageAndEveryNodeDeliversAgainAfterIt() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        try (ClusterNodes cluster = ClusterNodes.start(dir, redis, 3, "")) {
            List<JdkWsClient> pages = new ArrayList<>(); // one subscribed to news per node
            List<JdkWsClient> others = new ArrayList<>();
            try {
                for (Node node : cluster.nodes()) {
                    JdkWsClient page = JdkWsClient.anonymous(node.ws(), "outage" + node.name());
                    pages.add(page);
                    page.send("subscription\nnews\nkept\n");
                }
                ClusterEndToEndTest.sql(cluster.node("n1"), "INSERT INTO pipes_settings (name, length) VALUES "
                        + "('kept', 5)");
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SELECT users FROM pipes WHERE name = 'news'",
                        "3");
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SELECT users FROM pipes WHERE name = 'kept'",
                        "3");
                ClusterEndToEndTest.sql(cluster.node("n1"), "INSERT INTO users_auth (id, hash) VALUES (91, 'key91')");
                JdkWsClient watcher = JdkWsClient.anonymous(cluster.node("n3").ws(), "outageWatcher");
                others.add(watcher);
                watcher.send("subscription\nuser_status_91\nuser_status_92\n");
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(),
                        "SELECT users FROM pipes WHERE name = 'user_status_91'", "1");
                JdkWsClient user = JdkWsClient.connect(cluster.node("n1").ws(),
                        "/ws/sesion=key91&myid=91&devid=0&v=4.08&uuid=outageUser91&api=js");
                others.add(user);
                assertTrue(user.next().path("authorized").asBoolean());
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SELECT time FROM users_time WHERE id = 91",
                        "0");
                assertEquals("online", watcher.next(f -> "user_status_91".equals(f.path("pipe").asText()))
                        .path("event").asText());
                publishEverywhereAndReceive(cluster, pages, "before");

                redis.stop();
                long restartAt = System.currentTimeMillis() + OUTAGE_MILLIS;
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(),
                        "SHOW GLOBAL STATUS LIKE 'cluster_redis_available'",
                        "cluster_redis_available\t0");
                for (Node node : cluster.nodes()) {
                    for (String channel : List.of("news", "kept")) {
                        ClientProcess.Result failed = MariadbCli.execute(node.cometQl(), MariadbCli.Tls.SKIP_SSL,
                                "INSERT INTO pipes_messages (name, event, message) VALUES ('" + channel
                                        + "', 'ev', 'during " + node.name() + "')");
                        assertNotEquals(0, failed.exitCode(), "a publish during the outage on " + node.name()
                                + ": " + failed);
                        assertTrue(failed.stderr().contains("ERROR 1105") && failed.stderr().contains("cluster"),
                                "ERR naming the cause: " + failed);
                    }
                }
                // a private message to a user on another node, and a web_pipe2: neither reached anyone
                ClientProcess.Result failed = MariadbCli.execute(cluster.node("n2").cometQl(),
                        MariadbCli.Tls.SKIP_SSL, "INSERT INTO users_messages (id, event, message) VALUES (91, 'ev',"
                                + " 'during')");
                assertNotEquals(0, failed.exitCode(), "a private message during the outage: " + failed);
                assertTrue(failed.stderr().contains("ERROR 1105"), failed.toString());
                // removing a password needs every node told to close the user's pages: refused, nothing removed
                failed = MariadbCli.execute(cluster.node("n2").cometQl(), MariadbCli.Tls.SKIP_SSL,
                        "DELETE FROM users_auth WHERE id = 91");
                assertNotEquals(0, failed.exitCode(), "a password removed during the outage: " + failed);
                assertTrue(failed.stderr().contains("ERROR 1105") && failed.stderr().contains("nothing was changed"),
                        failed.toString());
                assertEquals("key91", ClusterEndToEndTest.query(cluster.node("n2"),
                        "SELECT hash FROM users_auth WHERE id = 91"), "the password is still there");
                user.send("web_pipe2\nweb_outage\nev\n*\nduring");
                JsonNode refused = user.next(f -> "error".equals(f.path("event").asText()));
                assertEquals(-1, refused.path("data").path("number_messages").asInt(), refused.toString());
                assertEquals("The message was not published, try again later",
                        refused.path("data").path("error").asText(), refused.toString());
                // a page subscribing while Redis is away is subscribed across the cluster once it is back
                JdkWsClient late = JdkWsClient.anonymous(cluster.node("n3").ws(), "outageLate");
                others.add(late);
                late.send("subscription\nlate\n");
                late.send("pipe_count\nweb_sync\nLATE\n");
                // the subscription is taken quietly; a count needs presence, out of reach: an error frame
                JsonNode noCount = late.next();
                assertEquals("error", noCount.path("event").asText(), noCount.toString());
                // a user connecting while Redis is away is online and reachable on every node once it is back
                ClusterEndToEndTest.sql(cluster.node("n2"), "INSERT INTO users_auth (id, hash) VALUES (92, 'key92')");
                JdkWsClient newcomer = JdkWsClient.connect(cluster.node("n2").ws(),
                        "/ws/sesion=key92&myid=92&devid=0&v=4.08&uuid=outageUser92&api=js");
                others.add(newcomer);
                assertTrue(newcomer.next().path("authorized").asBoolean());
                Thread.sleep(Math.max(0, restartAt - System.currentTimeMillis())); // the outage lasts 5 s
                redis.restart();

                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(),
                        "SHOW GLOBAL STATUS LIKE 'cluster_redis_available'",
                        "cluster_redis_available\t1");
                publishEverywhereAndReceive(cluster, pages, "after");
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SELECT users FROM pipes WHERE name = 'news'",
                        "3");
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SELECT users FROM pipes WHERE name = 'late'",
                        "1");
                ClusterEndToEndTest.sql(cluster.node("n1"), "INSERT INTO pipes_messages (name, event, message)"
                        + " VALUES ('late', 'ev', 'to the late page')");
                assertEquals("to the late page", late.next(f -> "late".equals(f.path("pipe").asText()))
                        .path("data").asText());
                ClusterEndToEndTest.sql(cluster.node("n3"), "INSERT INTO users_messages (id, event, message)"
                        + " VALUES (91, 'ev', 'after')");
                assertEquals("after", user.next(f -> "msg".equals(f.path("pipe").asText())).path("data").asText(),
                        "the user's page on n1 missed nothing it was told was sent");
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SELECT time FROM users_time WHERE id = 92",
                        "0");
                ClusterEndToEndTest.sql(cluster.node("n1"), "INSERT INTO users_messages (id, event, message)"
                        + " VALUES (92, 'ev', 'welcome back')");
                assertEquals("welcome back", newcomer.next(f -> "msg".equals(f.path("pipe").asText()))
                        .path("data").asText(), "delivered live on n2, not queued");
                ClusterEndToEndTest.sql(cluster.node("n2"), "INSERT INTO pipes_messages (name, event, message)"
                        + " VALUES ('kept', 'ev', 'kept after')");
                for (JdkWsClient page : pages) {
                    JsonNode kept = page.next(f -> "kept".equals(f.path("pipe").asText()));
                    assertEquals("kept after", kept.path("data").asText(), kept.toString());
                    assertEquals(1, kept.path("offset").asLong(), "no offset taken by a failed publish: " + kept);
                }
                for (Node node : cluster.nodes()) {
                    assertEquals("kept after", ClusterEndToEndTest.query(node,
                            "SELECT message FROM pipes_messages WHERE name = 'kept'"),
                            "history on " + node.name() + ": no entry of a failed publish");
                }
                // the outage was longer than failure_timeout, yet no node died: the user never went offline
                for (Node node : cluster.nodes()) {
                    assertEquals("0", ClusterEndToEndTest.query(node, "SELECT time FROM users_time WHERE id = 91"),
                            "user 91 online on " + node.name());
                }
                List<String> statuses = new ArrayList<>();
                watcher.send("pipe_count\nweb_sync\nWATCHED\n");
                watcher.next(f -> {
                    if (f.path("pipe").asText().startsWith("user_status_")) {
                        statuses.add(f.path("pipe").asText() + " " + f.path("event").asText());
                    }
                    return "WATCHED".equals(f.path("marker").asText());
                });
                assertEquals(List.of("user_status_92 online"), statuses, "no user_status_91 event since the user"
                        + " came online; user 92, who came during the outage, is told online once Redis is back");
            } finally {
                pages.forEach(JdkWsClient::close);
                others.forEach(JdkWsClient::close);
            }
        } finally {
            redis.close();
        }
    }

    /** Each node publishes one message to {@code news}; every page (one per node) gets all three. */
    private static void publishEverywhereAndReceive(ClusterNodes cluster, List<JdkWsClient> pages, String phase) {
        for (Node node : cluster.nodes()) {
            ClusterEndToEndTest.sql(node, "INSERT INTO pipes_messages (name, event, message) VALUES ('news', 'ev', '"
                    + phase + " " + node.name() + "')");
        }
        List<String> expected = cluster.nodes().stream().map(node -> phase + " " + node.name()).sorted().toList();
        for (JdkWsClient page : pages) {
            List<String> received = new ArrayList<>();
            while (received.size() < expected.size()) {
                received.add(page.next(f -> "news".equals(f.path("pipe").asText())
                        && f.path("data").asText().startsWith(phase)).path("data").asText());
            }
            // one node's publications keep their order; those of different nodes may interleave
            assertEquals(expected, received.stream().sorted().toList(), "every node's publication, once");
        }
    }
}
