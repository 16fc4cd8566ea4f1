package org.cometserver.server.transport.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9: replays what CppComet's JS API 4.08 sent around {@code get_pipe_log} (its URL, Origin and frames, as
 * recorded in {@code cppcomet/ws-01-get-pipe-log.jsonl}) and checks our answers against CppComet's recorded ones:
 * the same entries, plus {@code history:true}, and no {@code marker}, so that JS API 4.08 shows them.
 */
class JsApi408PipeLogTest {
    private static final String RECORDING = "/cppcomet/ws-01-get-pipe-log.jsonl";
    private static final String PASSWORD = "CometQLPassword";
    /** A JS API 4.08 tab id: never the marker of a {@code pipe_log} request (a fresh random 10-digit number). */
    private static final String TAB_ID = "fwETfjK5fAjwne4WC8UYvrxzLCc0JCb7";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static CometServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = CometServer.start(CometConfig.parse("""
                [main]
                password = %s
                [db]
                embedded_path = %s
                [cometql]
                ip = 127.0.0.1
                port = 0
                [ws]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                """.formatted(PASSWORD, dir.resolve("comet"))));
        try (Connection cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", PASSWORD); Statement sql = cometQl.createStatement()) {
            // the recording's set-up (see the resource's header)
            sql.execute("INSERT INTO pipes_settings (name, length) VALUES ('hist_chan', 10)");
            String insert = "INSERT INTO pipes_messages (name, event, message) VALUES ('hist_chan', 'ev_old', ";
            sql.execute(insert + "'old message 1')");
            sql.execute(insert + "'{\"n\":2}')");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void historyEntriesCarryNoMarkerSoJsApi408AcceptsThem() throws Exception {
        List<JsonNode> recorded = recording();
        JsonNode request = recorded.get(0);
        List<String> pageFrames = frames(recorded, "C->S");
        List<String> cppCometFrames = frames(recorded, "S->C");
        try (WsTestClient page = WsTestClient.connect(server.wsPort(), path(request), origin(request))) {
            assertEquals(withoutTime(cppCometFrames.get(0)), withoutTime(page.next()), "serverInfo as CppComet's");
            for (String frame : pageFrames) {
                page.send(frame);
            }
            List<String> history = cppCometFrames.subList(1, cppCometFrames.size());
            assertEquals(2, history.size(), "the recording holds both entries");
            for (String cppComet : history) {
                ObjectNode ours = (ObjectNode) JSON.readTree(page.next());
                assertFalse(ours.has("marker"), "no marker: " + ours);
                assertTrue(jsApi408Accepts(ours), "JS API 4.08 would drop " + ours);
                ObjectNode expected = withoutTime(cppComet).put("history", true);
                assertEquals(expected, withoutTime(ours.toString()), "CppComet's entry plus history:true");
            }
        }
    }

    /**
     * The check of JS API 4.08's {@code subscription_callBack} as described in issue #9 (the JS file itself is not in
     * the recordings): a message whose {@code server_info.marker} is set and differs from the tab id is dropped.
     */
    private static boolean jsApi408Accepts(JsonNode message) {
        return !message.has("marker") || message.get("marker").asText().equals(TAB_ID);
    }

    private static List<JsonNode> recording() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = JsApi408PipeLogTest.class.getResourceAsStream(RECORDING);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    private static List<String> frames(List<JsonNode> recorded, String direction) {
        return recorded.stream()
                .filter(line -> line.get("kind").asText().equals("ws_frame"))
                .filter(line -> line.get("dir").asText().equals(direction))
                .map(line -> line.get("text").asText())
                .toList();
    }

    /** The request line's path, e.g. {@code /ws/sesion=undefined&myid=undefined&devid=0&v=4.08&uuid=...&api=js}. */
    private static String path(JsonNode request) {
        return request.get("text").asText().split(" ")[1];
    }

    private static String origin(JsonNode request) {
        return request.get("text").asText().lines().filter(h -> h.startsWith("Origin: ")).findFirst()
                .orElseThrow().substring("Origin: ".length());
    }

    /** The frame with {@code message_send_time} left out: ours is now, or the entry's stored time. */
    private static ObjectNode withoutTime(String frame) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(frame);
        node.remove("message_send_time");
        return node;
    }
}
