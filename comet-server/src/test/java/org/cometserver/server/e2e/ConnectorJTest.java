package org.cometserver.server.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MySQL Connector/J, with client-side prepares (its default) and with server-side ones (COM_STMT_*). */
class ConnectorJTest {
    private static E2eServer server;

    @BeforeAll
    static void startServer() {
        server = E2eServer.embedded();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "useServerPrepStmts={0}")
    @ValueSource(booleans = {false, true})
    void insertsSelectsAndReportsErrors(boolean serverPrepares) throws SQLException {
        String channel = "jdbc_chat_" + serverPrepares;
        try (Connection connection = connect(serverPrepares); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO users_auth (id, hash) VALUES (11, 'jdbc_key')");
            statement.executeUpdate("INSERT INTO pipes_settings (name, length) VALUES ('" + channel + "', 10)");
            statement.executeUpdate("INSERT INTO pipes_messages (name, event, message) VALUES ('" + channel
                    + "', 'ev', '{\"text\":\"hi\"}')");

            assertEquals(List.of("11|jdbc_key"), rows(statement.executeQuery("SELECT * FROM users_auth WHERE id = 11")));
            assertEquals(List.of(channel + "|ev|{\"text\":\"hi\"}"), rows(statement.executeQuery(
                    "SELECT name, event, message FROM pipes_messages WHERE name = '" + channel + "'")));
            SQLException error = assertThrows(SQLException.class,
                    () -> statement.executeQuery("SELECT * FROM nosuch WHERE id = 1"));
            assertEquals(15, error.getErrorCode());
            assertEquals(List.of("11|jdbc_key"), rows(statement.executeQuery("SELECT * FROM users_auth WHERE id = 11")),
                    "the connection keeps working after an error");
        }
    }

    @ParameterizedTest(name = "useServerPrepStmts={0}")
    @ValueSource(booleans = {false, true})
    void preparedInsertReExecutedHundredTimes(boolean serverPrepares) throws SQLException {
        int firstId = serverPrepares ? 2000 : 1000;
        try (Connection connection = connect(serverPrepares)) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users_auth (id, hash) VALUES (?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    insert.setInt(1, firstId + i);
                    insert.setString(2, "key_" + i);
                    insert.executeUpdate();
                }
            }
            String ids = IntStream.range(0, 100).mapToObj(i -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, hash FROM users_auth WHERE id IN (" + ids + ")")) {
                for (int i = 0; i < 100; i++) {
                    select.setLong(i + 1, firstId + i);
                }
                List<String> expected = IntStream.range(0, 100).mapToObj(i -> (firstId + i) + "|key_" + i).sorted().toList();
                assertEquals(expected, rows(select.executeQuery()).stream().sorted().toList());
            }
        }
    }

    @ParameterizedTest(name = "useServerPrepStmts={0}")
    @ValueSource(booleans = {false, true})
    void resultMetadataNamesEveryColumnAsText(boolean serverPrepares) throws SQLException {
        try (Connection connection = connect(serverPrepares);
             PreparedStatement select = connection.prepareStatement("SELECT * FROM pipes WHERE name = ?")) {
            select.setString(1, "jdbc_meta");
            try (ResultSet result = select.executeQuery()) {
                ResultSetMetaData metadata = result.getMetaData();
                assertEquals(2, metadata.getColumnCount());
                assertEquals("name", metadata.getColumnLabel(1));
                assertEquals("users", metadata.getColumnLabel(2));
                assertEquals(Types.VARCHAR, metadata.getColumnType(1), "CppComet sends VAR_STRING columns");
                assertEquals(List.of("jdbc_meta|0"), rows(result));
            }
        }
    }

    private static Connection connect(boolean serverPrepares) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED"
                + "&useServerPrepStmts=" + serverPrepares, "root", MariadbCli.PASSWORD);
    }

    /** Rows as {@code a|b|c}, values read with getString. */
    private static List<String> rows(ResultSet result) throws SQLException {
        try (result) {
            int columns = result.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join("|", values));
            }
            return rows;
        }
    }
}
