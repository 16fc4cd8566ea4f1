package org.cometserver.server.e2e;

import org.cometserver.server.e2e.MariadbCli.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first acceptance line, run literally: the mariadb CLI with and without {@code --skip-ssl}. */
class MariadbCliTest {
    private static final List<String> TABLES = List.of("Tables", "users_auth", "users_time", "users_messages",
            "pipes_messages", "users_in_pipes", "pipes", "pipes_settings");
    private static E2eServer server;

    @BeforeAll
    static void startServer() {
        server = E2eServer.embedded();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Tls.class)
    void showTablesListsCppCometsSevenTables(Tls tls) {
        ClientProcess.Result result = MariadbCli.execute(server.port(), tls, "SHOW TABLES").assertSuccess();

        assertEquals(TABLES, result.stdout().lines().toList(), result.toString());
    }

    @ParameterizedTest
    @EnumSource(Tls.class)
    void wrongPasswordIsRefusedWithCometQlError16(Tls tls) {
        List<String> command = MariadbCli.command(server.port(), "wrong-password", tls, "-e", "SHOW TABLES");

        ClientProcess.Result result = ClientProcess.run(command);

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("ERROR 16 "), result.toString());
        assertEquals("", result.stdout(), result.toString());
    }

    @ParameterizedTest
    @EnumSource(Tls.class)
    void statementAfterAnErrorInTheSameSessionWorks(Tls tls) {
        String script = "SELEC 1;\nINSERT INTO users_auth (id, hash) VALUES (7, 'cli_key');\n"
                + "SELECT * FROM users_auth WHERE id = 7;\n";
        List<String> command = MariadbCli.command(server.port(), MariadbCli.PASSWORD, tls, "--force");

        ClientProcess.Result result = ClientProcess.run(command, script, null);

        assertEquals(0, result.exitCode(), "with --force the CLI goes on and exits 0 (as in the recording): " + result);
        assertTrue(result.stderr().contains("ERROR 3 (HY000) at line 1: Syntax error in query"), result.toString());
        assertEquals(List.of("id\thash", "7\tcli_key"), result.stdout().lines().toList(), result.toString());
    }

    /** {@code status} ({@code \s}) asks DATABASE(), USER(), the version, the connection id and character sets. */
    @ParameterizedTest
    @EnumSource(Tls.class)
    void statusCommandWorks(Tls tls) {
        ClientProcess.Result result = MariadbCli.execute(server.port(), tls, "status").assertSuccess();

        String out = result.stdout();
        assertTrue(out.contains("Current database:\tCometQL_v1"), result.toString());
        assertTrue(out.contains("Current user:\t\troot@%"), result.toString());
        assertTrue(out.contains("Server version:\t\t5.7.99-CppComet community 4.09"), result.toString());
        assertTrue(out.matches("(?s).*Connection id:\\t\\t[1-9][0-9]*\n.*"), result.toString());
        assertTrue(out.contains("Server characterset:\tutf8mb4"), result.toString());
        assertTrue(out.contains("Conn.  characterset:\tutf8mb4"), result.toString());
        assertTrue(out.contains("Uptime:"), result.toString());
    }
}
