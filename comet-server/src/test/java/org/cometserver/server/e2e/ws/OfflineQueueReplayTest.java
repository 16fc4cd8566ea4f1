package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8: the offline queue is replayed at least once. Queued private messages leave {@code users_messages} only when
 * the client has them — acknowledged with {@code queue_ack} (our JS client), or, for clients that never acknowledge
 * (CppComet's JS API 4.08), once the connection stayed up {@code [ws] queue_receipt_time} and answered a ping. The
 * clients here behave like those two JS clients: the first acknowledges every 100 ms and drops duplicates by
 * {@code queue_id}; the second only reads.
 */
class OfflineQueueReplayTest {
    private static final int ACK_INTERVAL_MILLIS = 100;

    private E2eServer server;
    private Connection cometQl;

    @BeforeEach
    void start() throws SQLException {
        server = E2eServer.embedded("queue_receipt_time = 1");
        cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/CometQL_v1?sslMode=DISABLED", "root", MariadbCli.PASSWORD);
    }

    @AfterEach
    void stop() throws SQLException {
        cometQl.close();
        server.close();
    }

    @Test
    void acknowledgingClientDroppedRightAfterTheGreetingGetsAll5000OnceInOrder() throws SQLException {
        int queued = 5000;
        queue(81, queued);
        List<String> delivered = new ArrayList<>();
        long[] lastId = {0};
        try (JdkWsClient first = user(81)) {
            long dropAt = System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(200, 501);
            readAcknowledging(first, delivered, lastId, () -> System.currentTimeMillis() >= dropAt);
        } // aborted: no close frame, as when the network goes
        int beforeDrop = delivered.size();
        try (JdkWsClient second = user(81)) {
            readAcknowledging(second, delivered, lastId, () -> delivered.size() == queued);
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= queued; n++) {
                expected.add("m" + n);
            }
            assertEquals(expected, delivered, "every message once, in order (" + beforeDrop + " before the drop)");
            Eventually.until("acknowledged messages deleted", () -> queuedCount(81) == 0, () -> queuedCount(81));
        }
    }

    @Test
    void clientThatNeverAcknowledgesGetsTheQueueAgainAfterADropAndNoDuplicateOnceItStayed() throws SQLException {
        queue(82, 30);
        try (JdkWsClient dropped = user(82)) {
            assertEquals("m1", dropped.next().path("data").asText());
        }
        try (JdkWsClient stays = user(82)) {
            for (int n = 1; n <= 30; n++) {
                JsonNode message = stays.next();
                assertEquals("m" + n, message.path("data").asText(), message.toString());
                assertTrue(message.path("fromQueue").asBoolean());
            }
            // [ws] queue_receipt_time = 1 s, then a ping round trip
            Eventually.until("queue deleted once the connection stayed up", () -> queuedCount(82) == 0,
                    () -> queuedCount(82));
        }
        try (JdkWsClient again = user(82)) {
            again.send("pipe_count\nweb_sync\nSYNC\n");
            assertEquals("SYNC", again.next().path("marker").asText(), "nothing replayed twice");
        }
    }

    /** Reads private messages, dropping those already seen by queue_id and acknowledging like our JS client. */
    private static void readAcknowledging(JdkWsClient client, List<String> delivered, long[] lastId,
                                          BooleanSupplier done) {
        long nextAck = System.currentTimeMillis() + ACK_INTERVAL_MILLIS;
        while (!done.getAsBoolean()) {
            JsonNode message = client.nextWithin(ACK_INTERVAL_MILLIS);
            if (message != null) {
                long id = message.path("queue_id").asLong();
                assertTrue(id > 0, "replayed messages carry queue_id: " + message);
                if (id > lastId[0]) {
                    lastId[0] = id;
                    delivered.add(message.path("data").asText());
                }
            }
            if (System.currentTimeMillis() >= nextAck && lastId[0] > 0) {
                client.send("queue_ack\n" + lastId[0]);
                nextAck = System.currentTimeMillis() + ACK_INTERVAL_MILLIS;
            }
        }
    }

    private JdkWsClient user(int id) {
        JdkWsClient client = JdkWsClient.connect(server.wsPort(),
                "/ws/sesion=key" + id + "&myid=" + id + "&devid=0&v=4.08&uuid=queueReplayUUIDqueueReplayUUIDqu&api=js");
        JsonNode greeting = client.next();
        assertTrue(greeting.path("authorized").asBoolean(), greeting.toString());
        return client;
    }

    private void queue(int userId, int count) throws SQLException {
        try (Statement s = cometQl.createStatement()) {
            s.execute("INSERT INTO users_auth (id, hash) VALUES (" + userId + ", 'key" + userId + "')");
            for (int n = 1; n <= count; n++) {
                s.execute("INSERT INTO users_messages (id, event, message) VALUES (" + userId + ", 'ev', 'm" + n
                        + "')");
            }
        }
    }

    private int queuedCount(int userId) {
        try (Statement s = cometQl.createStatement();
             ResultSet rows = s.executeQuery("SELECT * FROM users_messages WHERE id = " + userId)) {
            int count = 0;
            while (rows.next()) {
                count++;
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
