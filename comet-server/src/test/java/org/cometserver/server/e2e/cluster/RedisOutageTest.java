package org.cometserver.server.e2e.cluster;

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
            List<JdkWsClient> pages = new ArrayList<>();
            try {
                for (Node node : cluster.nodes()) {
                    JdkWsClient page = JdkWsClient.anonymous(node.ws(), "outage" + node.name());
                    pages.add(page);
                    page.send("subscription\nnews\n");
                }
                ClusterEndToEndTest.sql(cluster.node("n1"), "INSERT INTO pipes_settings (name, length) VALUES "
                        + "('kept', 5)");
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SELECT users FROM pipes WHERE name = 'news'", "3");
                publishEverywhereAndReceive(cluster, pages, "before");

                redis.stop();
                long restartAt = System.currentTimeMillis() + OUTAGE_MILLIS;
                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SHOW GLOBAL STATUS LIKE 'cluster_redis_available'",
                        "cluster_redis_available\t0");
                for (Node node : cluster.nodes()) {
                    for (String channel : List.of("news", "kept")) {
                        ClientProcess.Result failed = MariadbCli.execute(node.cometQl(), MariadbCli.Tls.SKIP_SSL,
                                "INSERT INTO pipes_messages (name, event, message) VALUES ('" + channel
                                        + "', 'ev', 'during " + node.name() + "')");
                        assertNotEquals(0, failed.exitCode(), "a publish during the outage on " + node.name()
                                + ": " + failed);
                        assertTrue(failed.stderr().contains("ERROR 1105"), failed.toString());
                    }
                }
                // nothing acknowledged: the kept channel's history holds no message of the outage
                Thread.sleep(Math.max(0, restartAt - System.currentTimeMillis())); // the outage lasts 5 s
                redis.restart();

                ClusterEndToEndTest.awaitEverywhere(cluster.nodes(), "SHOW GLOBAL STATUS LIKE 'cluster_redis_available'",
                        "cluster_redis_available\t1");
                publishEverywhereAndReceive(cluster, pages, "after");
                for (Node node : cluster.nodes()) {
                    assertEquals("", ClusterEndToEndTest.query(node,
                            "SELECT message FROM pipes_messages WHERE name = 'kept' AND message LIKE 'during%'"),
                            "no history entry of a failed publish on " + node.name());
                }
            } finally {
                pages.forEach(JdkWsClient::close);
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
