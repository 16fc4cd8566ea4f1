package org.cometserver.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cometserver.server.hub.Hub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PHP backends as CppComet's examples write them: mysqli (plain and prepared) and PDO, run with the real php. */
class PhpClientTest {
    /** JSON full of what mysqli_real_escape_string escapes: quotes, backslashes, a newline, non-ASCII. */
    private static final String JSON = "{\"text\":\"it's \\\"quoted\\\"\\n\",\"path\":\"C:\\\\dir\",\"n\":1,\"ü\":\"€\"}";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static E2eServer server;

    @BeforeAll
    static void startServer() {
        server = E2eServer.embedded();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void mysqliPublishesEscapedJsonAndSubscribersReceiveTheOriginal() throws Exception {
        Hub hub = server.server().hub();
        RecordingTransport browser = new RecordingTransport();
        assertTrue(hub.connect(0, browser));
        hub.subscribe(browser, "php_json");
        try {
            JsonNode output = php("mysqli_publish.php", "php_json", JSON);

            String frame = browser.nextFrame();
            assertNotNull(frame, "the subscriber got no frame");
            JsonNode published = MAPPER.readTree(frame);
            assertEquals("php_json", published.path("pipe").asText(), frame);
            assertEquals("json", published.path("event").asText(), frame);
            JsonNode data = published.path("data");
            assertEquals(JSON, data.isTextual() ? data.asText() : MAPPER.writeValueAsString(data), frame);
            assertEquals(List.of(JSON), texts(output.path("history")), "history read back by mysqli");
        } finally {
            hub.disconnect(browser);
        }
    }

    @Test
    void mysqliPreparedStatementsInsertAndSelect() throws IOException {
        JsonNode output = php("mysqli_prepared.php", "500");

        assertEquals("[{\"id\":500,\"hash\":\"php_key_0\"},{\"id\":501,\"hash\":\"php_key_1\"},"
                + "{\"id\":502,\"hash\":\"php_key_2\"}]", normalizedIds(output.path("rows")));
    }

    @ParameterizedTest(name = "emulated prepares: {0}")
    @ValueSource(strings = {"0", "1"})
    void pdoInsertsSelectsAndReportsErrorCodes(String emulate) throws IOException {
        String firstId = emulate.equals("1") ? "610" : "600";

        JsonNode output = php("pdo_client.php", emulate, firstId);

        int id = Integer.parseInt(firstId);
        assertEquals("[{\"id\":" + id + ",\"hash\":\"pdo_key_0\"},{\"id\":" + (id + 1) + ",\"hash\":\"pdo_key_1\"},"
                + "{\"id\":" + (id + 2) + ",\"hash\":\"pdo_key_2\"}]", normalizedIds(output.path("rows")));
        assertEquals(List.of("it's \"quoted\" \\ text"), texts(output.path("history")));
        assertEquals(15, output.path("error").asInt(), "driver error code of a statement on an unknown table");
    }

    private static JsonNode php(String script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("php", RepoPaths.testScript("php", script).toString(),
                String.valueOf(server.port()), MariadbCli.PASSWORD));
        command.addAll(List.of(arguments));
        ClientProcess.Result result = ClientProcess.run(command).assertSuccess();
        return MAPPER.readTree(result.stdout());
    }

    /** Every value arrives as text (CppComet sends VAR_STRING columns); ids are compared as numbers. */
    private static String normalizedIds(JsonNode rows) throws IOException {
        for (JsonNode row : rows) {
            ((ObjectNode) row).put("id", row.path("id").asInt());
        }
        return MAPPER.writeValueAsString(rows);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
