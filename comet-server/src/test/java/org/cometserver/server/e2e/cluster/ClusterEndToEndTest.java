package org.cometserver.server.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.e2e.ws.JdkWsClient;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.ClusterNodes.Node;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12 acceptance 2 over the wire: three server processes on one Redis and one MariaDB, CometQL through the
 * {@code mariadb} CLI on any node, pages as WebSocket clients on any node. Each test uses its own channels and user
 * ids, so they share one cluster ({@code n1} = A, {@code n2} = B, {@code n3} = C).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterEndToEndTest {
    @TempDir
    static Path dir;
    private RedisServer redis;
    private ClusterNodes cluster;
    private Node a;
    private Node b;
    private Node c;

    @BeforeAll
    void start() throws Exception {
        redis = RedisServer.startPrivate();
        cluster = ClusterNodes.start(dir, redis, 3, "");
        a = cluster.node("n1");
        b = cluster.node("n2");
        c = cluster.node("n3");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void trackPresenceAndCountsAgreeOnEveryNode() {
        sql(b, "INSERT INTO users_auth (id, hash) VALUES (101, 'key101')");
        sql(b, "INSERT INTO users_auth (id, hash) VALUES (103, 'key103')");
        try (JdkWsClient onA = user(a, 101, "trackA"); JdkWsClient onB = JdkWsClient.anonymous(b.ws(), "trackB");
             JdkWsClient onC = user(c, 103, "trackC")) {
            onA.send("subscription\ntrack_lobby\n");
            onB.send("subscription\ntrack_lobby\n");
            awaitEverywhere("SELECT users FROM pipes WHERE name = 'track_lobby'", "2");
            onC.send("subscription\ntrack_lobby\n");
            awaitEverywhere("SELECT users FROM pipes WHERE name = 'track_lobby'", "3");
            for (Node node : cluster.nodes()) {
                assertEquals("0\n101\n103", query(node,
                        "SELECT user_id FROM users_in_pipes WHERE name = 'track_lobby' ORDER BY user_id"),
                        "users_in_pipes on " + node.name());
                try (JdkWsClient asking = JdkWsClient.anonymous(node.ws(), "ask" + node.name())) {
                    asking.send("track_pipe_users\ntrack_lobby\nM" + node.name());
                    JsonNode members = asking.next(f -> ("M" + node.name()).equals(f.path("marker").asText()));
                    assertEquals(List.of(0, 101, 103), members.path("data").findValues("user_id").stream()
                            .map(JsonNode::asInt).sorted().toList(), "track_pipe_users on " + node.name());
                }
            }

            onC.close(); // as a closed tab
            awaitEverywhere("SELECT users FROM pipes WHERE name = 'track_lobby'", "2");
            awaitEverywhere("SELECT user_id FROM users_in_pipes WHERE name = 'track_lobby' ORDER BY user_id",
                    "0\n101");
            // the page on C joined and left once, as every other subscriber saw it
            for (JdkWsClient page : List.of(onA, onB)) {
                List<String> seen = framesUntilSync(page, "TRACK_SYNC").stream()
                        .filter(f -> "track_lobby".equals(f.path("pipe").asText())
                                && f.path("data").path("user_id").asInt() == 103)
                        .map(f -> f.path("event").asText() + " " + f.path("data").path("uuid").asText()).toList();
                assertEquals(List.of("subscription trackC", "unsubscription trackC"), seen);
            }
        }
    }

    @Test
    void privateMessageReachesTheUsersPagesOnTwoNodes() {
        sql(b, "INSERT INTO users_auth (id, hash) VALUES (201, 'key201')");
        try (JdkWsClient onA = user(a, 201, "privA"); JdkWsClient onC = user(c, 201, "privC")) {
            awaitEverywhere("SELECT time FROM users_time WHERE id = 201", "0");
            sql(b, "INSERT INTO users_messages (id, event, message) VALUES (201, 'ev', 'to both pages')");
            for (JdkWsClient page : List.of(onA, onC)) {
                JsonNode message = page.next(f -> "msg".equals(f.path("pipe").asText()));
                assertEquals("to both pages", message.path("data").asText(), message.toString());
                assertEquals("ev", message.path("event").asText());
            }
            assertEquals("", query(a, "SELECT * FROM users_messages WHERE id = 201"), "delivered, not queued");
        }
    }

    @Test
    void messageQueuedOfflineOnAIsDeliveredOnCOnceAcknowledged() {
        sql(a, "INSERT INTO users_auth (id, hash) VALUES (301, 'key301')");
        sql(a, "INSERT INTO users_messages (id, event, message) VALUES (301, 'ev', 'queued on A')");
        assertEquals("301\tev\tqueued on A", query(b, "SELECT id, event, message FROM users_messages WHERE id = 301"));
        try (JdkWsClient onC = user(c, 301, "queueC")) {
            JsonNode message = onC.next(f -> "msg".equals(f.path("pipe").asText()));
            assertEquals("queued on A", message.path("data").asText(), message.toString());
            assertTrue(message.path("fromQueue").asBoolean(), message.toString());
            onC.send("queue_ack\n" + message.path("queue_id").asLong());
            awaitEverywhere("SELECT * FROM users_messages WHERE id = 301", "");
        }
        for (Node node : List.of(c, a)) {
            try (JdkWsClient again = user(node, 301, "queueAgain" + node.name())) {
                again.send("pipe_count\nweb_sync\nSYNC\n");
                JsonNode first = again.next();
                assertEquals("SYNC", first.path("marker").asText(), "nothing replayed twice: " + first);
            }
        }
    }

    @Test
    void deleteFromUsersAuthOnBClosesTheUsersPageOnA() {
        sql(c, "INSERT INTO users_auth (id, hash) VALUES (401, 'key401')");
        try (JdkWsClient onA = user(a, 401, "revokeA"); JdkWsClient other = user(a, 402, "bystander")) {
            awaitEverywhere("SELECT time FROM users_time WHERE id = 401", "0");
            sql(b, "DELETE FROM users_auth WHERE id = 401");
            assertEquals(4001, onA.awaitClosed(), "authorization revoked, as on a single node");
            other.send("pipe_count\nweb_sync\nALIVE\n");
            assertEquals("ALIVE", other.next().path("marker").asText(), "other users stay connected");
        }
    }

    @Test
    void userStatusEventsReachOtherNodesOnceAndUsersTimeFollowsEveryNode() {
        sql(a, "INSERT INTO users_auth (id, hash) VALUES (501, 'key501')");
        List<JdkWsClient> watchers = new ArrayList<>();
        try {
            for (Node node : cluster.nodes()) {
                JdkWsClient watcher = JdkWsClient.anonymous(node.ws(), "watch501" + node.name());
                watchers.add(watcher);
                watcher.send("subscription\nuser_status_501\n");
            }
            awaitEverywhere("SELECT users FROM pipes WHERE name = 'user_status_501'", "3");
            try (JdkWsClient onA = user(a, 501, "status501A")) {
                onA.send("subscription\nweb_status501\n");
                try (JdkWsClient onC = user(c, 501, "status501C")) {
                    awaitEverywhere("SELECT users FROM pipes WHERE name = 'web_status501'", "1");
                    onA.close();
                    // A's page has left presence (its subscription gone everywhere) ...
                    awaitEverywhere("SELECT users FROM pipes WHERE name = 'web_status501'", "0");
                    // ... and the page on C keeps the user online on every node
                    for (Node node : cluster.nodes()) {
                        assertEquals("0", query(node, "SELECT time FROM users_time WHERE id = 501"),
                                "online on " + node.name());
                    }
                }
            }
            for (Node node : cluster.nodes()) {
                String[] time = {""};
                Eventually.until("user 501 offline on " + node.name(), () -> !(time[0] = query(node,
                        "SELECT time FROM users_time WHERE id = 501")).isEmpty() && Long.parseLong(time[0]) > 0,
                        () -> time[0]);
            }
            for (JdkWsClient watcher : watchers) {
                List<String> events = framesUntilSync(watcher, "STATUS_SYNC").stream()
                        .filter(f -> "user_status_501".equals(f.path("pipe").asText()))
                        .map(f -> f.path("event").asText()).toList();
                assertEquals(List.of("online", "offline"), events,
                        "first connection anywhere, last disconnect anywhere, told once on every node");
            }
        } finally {
            watchers.forEach(JdkWsClient::close);
        }
    }

    @Test
    void webPipe2FromAReachesCWithHistoryReadableOnEveryNode() {
        sql(b, "INSERT INTO pipes_settings (name, length) VALUES ('web_hist', 10)");
        sql(b, "INSERT INTO users_auth (id, hash) VALUES (601, 'key601')");
        try (JdkWsClient reader = JdkWsClient.anonymous(c.ws(), "reader601"); JdkWsClient sender = user(a, 601,
                "sender601")) {
            reader.send("subscription\nweb_hist\n");
            awaitEverywhere("SELECT users FROM pipes WHERE name = 'web_hist'", "1");
            sender.send("web_pipe2\nweb_hist\nev\n*\n{\"text\":\"from A\"}");
            JsonNode received = reader.next(f -> "web_hist".equals(f.path("pipe").asText()));
            assertEquals("{\"text\":\"from A\"}", received.path("data").asText(), received.toString());
            assertEquals(601, received.path("user_id").asInt(), received.toString());
            JsonNode report = sender.next(f -> "_answer_to_web_hist".equals(f.path("pipe").asText()));
            assertEquals("answer", report.path("event").asText(), report.toString());
            for (Node node : cluster.nodes()) {
                assertEquals("web_hist\tev\t{\"text\":\"from A\"}", query(node,
                        "SELECT name, event, message FROM pipes_messages WHERE name = 'web_hist'"),
                        "history on " + node.name());
            }
        }
    }

    /** Every frame the page gets before the answer to a {@code pipe_count} with {@code marker}, sent now. */
    private static List<JsonNode> framesUntilSync(JdkWsClient page, String marker) {
        page.send("pipe_count\nweb_sync\n" + marker + "\n");
        List<JsonNode> frames = new ArrayList<>();
        for (JsonNode frame = page.next(); !marker.equals(frame.path("marker").asText()); frame = page.next()) {
            frames.add(frame);
        }
        return frames;
    }

    /** An authorized page of {@code userId} (hash {@code key<id>}) on {@code node}, its greeting read. */
    private static JdkWsClient user(Node node, int userId, String uuid) {
        JdkWsClient client = JdkWsClient.connect(node.ws(), "/ws/sesion=key" + userId + "&myid=" + userId
                + "&devid=0&v=4.08&uuid=" + uuid + "&api=js");
        JsonNode greeting = client.next();
        assertEquals("serverInfo", greeting.path("event").asText(), greeting.toString());
        return client;
    }

    static void sql(Node node, String statement) {
        MariadbCli.execute(node.cometQl(), MariadbCli.Tls.SKIP_SSL, statement).assertSuccess();
    }

    /** The rows of a statement, tab-separated, one a line, without the header. */
    static String query(Node node, String statement) {
        return MariadbCli.execute(node.cometQl(), MariadbCli.Tls.SKIP_SSL, statement, "-N").assertSuccess()
                .stdout().strip();
    }

    /** Waits until every node answers {@code statement} with {@code expected} (presence settles asynchronously). */
    private void awaitEverywhere(String statement, String expected) {
        awaitEverywhere(cluster.nodes(), statement, expected);
    }

    static void awaitEverywhere(List<Node> nodes, String statement, String expected) {
        for (Node node : nodes) {
            String[] last = {""};
            Eventually.until(node.name() + ": " + statement + " = " + expected,
                    () -> (last[0] = query(node, statement)).equals(expected), () -> Arrays.asList(last));
        }
    }
}
