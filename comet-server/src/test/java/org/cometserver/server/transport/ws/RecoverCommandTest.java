package org.cometserver.server.transport.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code recover} command against a real server (docs/CLUSTER.md "Recovery after a reconnect"): positions in the
 * frames of a channel with history, exactly the missed publications after a reconnect, a gap longer than the history,
 * and the error frames.
 */
class RecoverCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static E2eServer server;
    private static Connection cometQl;

    @BeforeAll
    static void start() throws SQLException {
        server = E2eServer.embedded();
        cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/CometQL_v1?sslMode=DISABLED", "root", MariadbCli.PASSWORD);
    }

    @AfterAll
    static void stop() throws SQLException {
        cometQl.close();
        server.close();
    }

    @Test
    void aReconnectedPageGetsExactlyWhatItMissedThenTheClosingFrame() throws Exception {
        sql("INSERT INTO pipes_settings (name, length) VALUES ('rec_chan', 10)");
        String epoch;
        try (WsTestClient page = subscribed("rec_chan")) {
            JsonNode learned = recovery(page.send("recover\nrec_chan\n\n").next());
            assertTrue(learned.get("recovered").asBoolean());
            assertEquals(0, learned.get("offset").asLong(), "nothing kept yet");
            epoch = learned.get("epoch").asText();
            sql("INSERT INTO pipes_messages (name, event, message) VALUES ('rec_chan', 'ev', 'm1')");
            JsonNode live = JSON.readTree(page.next());
            assertEquals(epoch, live.get("epoch").asText(), "the position learned is the first publication's epoch");
            assertEquals("{\"data\":\"m1\",\"epoch\":\"" + epoch + "\",\"event\":\"ev\",\"message_send_time\":"
                    + live.get("message_send_time").asLong() + ",\"offset\":1,\"pipe\":\"rec_chan\"}", live.toString(),
                    "CppComet's keys in sorted order with the position");
        }
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('rec_chan', 'ev', 'm2')");
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('rec_chan', 'ev', 'm3')");
        try (WsTestClient page = subscribed("rec_chan")) {
            page.send("recover\nrec_chan\n" + epoch + "\n1");
            JsonNode m2 = JSON.readTree(page.next());
            JsonNode m3 = JSON.readTree(page.next());
            assertEquals("m2", m2.get("data").asText());
            assertEquals(2, m2.get("offset").asLong());
            assertEquals("m3", m3.get("data").asText());
            assertEquals(3, m3.get("offset").asLong());
            JsonNode closing = recovery(page.next());
            assertTrue(closing.get("recovered").asBoolean());
            assertEquals(3, closing.get("offset").asLong());
            assertEquals(epoch, closing.get("epoch").asText());
            assertEquals("rec_chan", closing.get("channel").asText());
            assertEquals(3, recovery(page.send("recover\nrec_chan\n\n").next()).get("offset").asLong(),
                    "nothing more came before the next answer");
        }
    }

    @Test
    void aGapLongerThanTheHistoryIsNotRecovered() throws Exception {
        sql("INSERT INTO pipes_settings (name, length) VALUES ('short_chan', 2)");
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('short_chan', 'ev', 's1')");
        String epoch;
        try (WsTestClient page = subscribed("short_chan")) {
            epoch = recovery(page.send("recover\nshort_chan\n\n").next()).get("epoch").asText();
        }
        for (int i = 2; i <= 5; i++) {
            sql("INSERT INTO pipes_messages (name, event, message) VALUES ('short_chan', 'ev', 's" + i + "')");
        }
        try (WsTestClient page = subscribed("short_chan")) {
            page.send("recover\nshort_chan\n" + epoch + "\n1");
            assertEquals("s4", JSON.readTree(page.next()).get("data").asText(), "what is still kept");
            assertEquals("s5", JSON.readTree(page.next()).get("data").asText());
            JsonNode closing = recovery(page.next());
            assertFalse(closing.get("recovered").asBoolean(), "s2 and s3 were trimmed away");
            assertEquals(5, closing.get("offset").asLong());
        }
    }

    @Test
    void aChannelNotSubscribedAndBadArgumentsGetErrorFrames() throws Exception {
        try (WsTestClient page = subscribed("some_chan")) {
            assertError(page.send("recover\nother_chan\n\n").next(), "Not subscribed to the channel other_chan");
            assertError(page.send("recover\nsome_chan\nepoch\nnot-a-number").next(), "Invalid position");
            assertError(page.send("recover\nsome_chan\n\n5").next(), "Invalid position");
            assertError(page.send("recover\nbad chan!\n\n").next(), "Invalid channel name");
            assertTrue(recovery(page.send("recover\nsome_chan\n\n").next()).get("recovered").asBoolean(),
                    "the connection still works");
        }
    }

    @Test
    void channelsWithoutHistoryKeepCppCometsFrame() throws Exception {
        try (WsTestClient page = subscribed("plain_chan")) {
            recovery(page.send("recover\nplain_chan\n\n").next());
            sql("INSERT INTO pipes_messages (name, event, message) VALUES ('plain_chan', 'ev', 'p')");
            JsonNode live = JSON.readTree(page.next());
            assertEquals("{\"data\":\"p\",\"event\":\"ev\",\"message_send_time\":"
                    + live.get("message_send_time").asLong() + ",\"pipe\":\"plain_chan\"}", live.toString());
        }
    }

    /** A page subscribed to {@code channel}, its greeting read. */
    private static WsTestClient subscribed(String channel) throws InterruptedException {
        WsTestClient page = WsTestClient.connect(server.wsPort(),
                WsTestClient.url("undefined", "undefined", "4.09", "recoverUUIDrecoverUUIDrecover001"));
        page.next();
        page.send("subscription\n" + channel);
        return page;
    }

    /** The data of a {@code _recovery} frame. */
    private static JsonNode recovery(String frame) throws Exception {
        JsonNode node = JSON.readTree(frame);
        assertEquals("_recovery", node.get("pipe").asText(), frame);
        assertEquals("recovered", node.get("event").asText(), frame);
        return node.get("data");
    }

    private static void assertError(String frame, String text) throws Exception {
        JsonNode node = JSON.readTree(frame);
        assertEquals("error", node.get("event").asText(), frame);
        assertTrue(node.get("data").get("error").asText().contains(text), frame);
    }

    private static void sql(String statement) throws SQLException {
        try (Statement s = cometQl.createStatement()) {
            s.execute(statement);
        }
    }
}
