package org.cometserver.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PyMySQL as Debian ships it (python3-pymysql, only in /usr/bin/python3, not the pyenv python3 on PATH). */
class PyMysqlTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void insertsAndSelectsWithClientSideParameters() throws IOException {
        try (E2eServer server = E2eServer.embedded()) {
            ClientProcess.Result result = ClientProcess.run(List.of(PYTHON,
                    RepoPaths.testScript("python", "pymysql_client.py").toString(), String.valueOf(server.port()),
                    MariadbCli.PASSWORD, "700")).assertSuccess();

            JsonNode output = new ObjectMapper().readTree(result.stdout());
            assertEquals("[[\"700\",\"py_key_0\"],[\"701\",\"py_key_1\"],[\"702\",\"py_key_2\"]]",
                    output.path("rows").toString(), "every column arrives as text, as from CppComet");
            assertEquals("[\"it's \\\"quoted\\\" \\\\ {\\\"n\\\":1}\"]", output.path("history").toString(),
                    "the message exactly as the Python string, after pymysql's escaping");
            assertEquals(15, output.path("error").asInt(), "error code of a statement on an unknown table");
        }
    }
}
