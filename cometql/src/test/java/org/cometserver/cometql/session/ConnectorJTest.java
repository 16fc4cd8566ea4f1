package org.cometserver.cometql.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MySQL Connector/J against the protocol layer (default sslMode: we do not advertise SSL). */
class ConnectorJTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?user=root&password="
                + TestServer.PASSWORD + options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "&useServerPrepStmts=true", "&defaultAuthenticationPlugin=caching_sha2_password"})
    void runsInsertsAndSelects(String options) throws SQLException {
        try (Connection connection = connect(options); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO pipes_messages (name, event, message) VALUES ('a', 'b', 'c')"));
            try (ResultSet rows = statement.executeQuery("select rows")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt("id"));
                assertEquals("alpha", rows.getString("name"));
                assertTrue(rows.next());
                assertNull(rows.getString("name"));
                assertFalse(rows.next());
            }
            SQLException error = assertThrows(SQLException.class, () -> statement.execute("error 15"));
            assertEquals(15, error.getErrorCode(), error + " / " + error.getCause());
            assertEquals("HY000", error.getSQLState());
            assertTrue(statement.execute("whoami"));
            try (ResultSet rows = statement.getResultSet()) {
                assertTrue(rows.next());
                assertEquals("0", rows.getString("dev_id"));
                assertEquals("CometQL_v1", rows.getString("database"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "&useServerPrepStmts=true"})
    void bindsParameters(String options) throws SQLException {
        try (Connection connection = connect(options);
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO pipes_messages (name, event, message) VALUES (?, ?, ?)");
             PreparedStatement select = connection.prepareStatement("SELECT ?, ?, ?, ?, ?")) {
            insert.setString(1, "web_chat");
            insert.setString(2, "event");
            insert.setString(3, "{\"text\":\"it's\"}");
            assertEquals(options.isEmpty() ? 1 : 3, insert.executeUpdate());
            for (int round = 0; round < 2; round++) {
                select.setLong(1, 5 + round);
                select.setString(2, "héllo");
                select.setNull(3, java.sql.Types.VARCHAR);
                select.setBigDecimal(4, new BigDecimal("12.50"));
                select.setBytes(5, "raw".getBytes(StandardCharsets.UTF_8));
                try (ResultSet rows = select.executeQuery()) {
                    assertTrue(rows.next());
                    if (options.isEmpty()) {
                        // client-side prepare: the driver inlines literals into the text and we echo it
                        assertTrue(rows.getString(1).contains("'héllo'"), rows.getString(1));
                    } else {
                        assertEquals("Long:" + (5 + round), rows.getString(1));
                        assertEquals("String:héllo", rows.getString(2));
                        assertNull(rows.getString(3));
                        assertEquals("BigDecimal:12.50", rows.getString(4));
                        // Connector/J binds byte[] as a string type, so the engine sees text
                        assertEquals("String:raw", rows.getString(5));
                    }
                }
            }
        }
    }
}
