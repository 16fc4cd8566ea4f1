package org.cometserver.server.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.ws.JdkWsClient;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three server processes on one Redis and one MariaDB: what one node is told, subscribers on the others get. */
class ClusterSmokeTest {
    @TempDir
    Path dir;

    @Test
    void aPublicationOnOneNodeReachesSubscribersOnTheOthersAndCountsAgree() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        try (ClusterNodes cluster = ClusterNodes.start(dir, redis, 3, "")) {
            try (JdkWsClient onFirst = JdkWsClient.anonymous(cluster.node("n1").ws(), "page1");
                 JdkWsClient onThird = JdkWsClient.anonymous(cluster.node("n3").ws(), "page3")) {
                onFirst.send("subscription\nnews\n");
                onThird.send("subscription\nnews\n");
                // the subscriptions are in place once every node counts both pages
                for (ClusterNodes.Node node : cluster.nodes()) {
                    awaitCount(node.cometQl(), "news", 2);
                }
                MariadbCli.execute(cluster.node("n2").cometQl(), MariadbCli.Tls.SKIP_SSL,
                        "INSERT INTO pipes_messages (name, event, message) VALUES ('news', 'ev', 'from n2')")
                        .assertSuccess();
                for (JdkWsClient page : new JdkWsClient[]{onFirst, onThird}) {
                    JsonNode frame = page.next(f -> "news".equals(f.path("pipe").asText()));
                    assertEquals("from n2", frame.path("data").asText());
                }
            }
            assertNoRedisErrors(redis);
        } finally {
            redis.close();
        }
    }

    /**
     * Every command and script the nodes sent succeeded. Allowed: NOSCRIPT, the first EVALSHA of a script not loaded
     * yet (then sent whole); errors of commands Redis does not count, e.g. Lettuce's CLIENT SETINFO on Redis 7.0.
     */
    static void assertNoRedisErrors(RedisServer redis) {
        // commands first: a node running a script for the first time meanwhile adds a NOSCRIPT to both, so the
        // failures read first never exceed the NOSCRIPTs read after
        String commands = redis.info("commandstats");
        String errors = redis.info("errorstats");
        Matcher noScript = Pattern.compile("errorstat_NOSCRIPT:count=(\\d+)")
                .matcher(errors);
        long allowed = noScript.find() ? Long.parseLong(noScript.group(1)) : 0;
        for (String line : commands.split("\\r?\\n")) {
            Matcher failed = Pattern.compile("failed_calls=(\\d+)").matcher(line);
            if (line.startsWith("cmdstat_") && failed.find()) {
                long count = Long.parseLong(failed.group(1));
                assertTrue(line.contains("rejected_calls=0") && (count == 0
                        || line.startsWith("cmdstat_evalsha:") && count <= allowed), line + "\n" + errors);
            }
        }
    }

    private static void awaitCount(int cometQl, String pipe, int expected) throws InterruptedException {
        String last = "";
        for (int i = 0; i < 100; i++) {
            last = MariadbCli.execute(cometQl, MariadbCli.Tls.SKIP_SSL, "SELECT users FROM pipes WHERE name = '"
                    + pipe + "'", "-N").assertSuccess().stdout().strip();
            if (last.equals(String.valueOf(expected))) {
                return;
            }
            Thread.sleep(100);
        }
        assertTrue(false, "pipes count of " + pipe + " on port " + cometQl + ": " + last);
    }
}
