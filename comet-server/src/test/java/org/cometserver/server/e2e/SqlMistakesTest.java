package org.cometserver.server.e2e;

import org.cometserver.server.e2e.RawMysqlClient.Err;
import org.cometserver.server.e2e.RawMysqlClient.Reply;
import org.cometserver.server.e2e.RawMysqlClient.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * SQL mistakes answer MySQL's error codes (never ERR 500 with a Java or store message), and the connection keeps
 * working after each.
 */
class SqlMistakesTest {
    private static E2eServer server;
    private RawMysqlClient client;

    @BeforeAll
    static void startServer() {
        server = E2eServer.embedded();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() throws IOException {
        client = RawMysqlClient.login(server.port(), "root", MariadbCli.PASSWORD, null);
    }

    @AfterEach
    void connectionStillWorks() throws IOException {
        assertEquals(List.of(List.of("1")), assertInstanceOf(ResultSet.class, client.query("SELECT 1")).rows());
        client.close();
    }

    @Test
    void utf8LiteralsAreAnswered() throws IOException {
        assertEquals(new ResultSet(List.of("日本"), List.of(List.of("日本"))), client.query("SELECT '日本'"));
    }

    @Test
    void divisionByZeroIsError1365EveryTime() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertEquals(new Err(1365, "22012", "Division by 0"), client.query("SELECT 1/0"));
        }
    }

    @Test
    void negativeLimitIsError1064() throws IOException {
        assertEquals(1064, err(client.query("SELECT * FROM users_auth LIMIT -1")).code());
        assertEquals(1064, err(client.query("SELECT * FROM users_auth LIMIT 1 OFFSET -5")).code());
    }

    @Test
    void stringsComparedWithANumberFollowMysql() throws IOException {
        // MySQL: 'a_b' is 0 as a number, so 1 IN (0, 0) is false
        assertEquals(List.of(), assertInstanceOf(ResultSet.class,
                client.query("SELECT * FROM users_auth WHERE 1 IN ('a_b','c_d')")).rows());
    }

    @Test
    void deeplyChainedConditionsAreError1436() throws IOException {
        StringBuilder sql = new StringBuilder("SELECT * FROM users_auth WHERE id = 1");
        for (int i = 0; i < 3000; i++) {
            sql.append(i % 2 == 0 ? " AND " : " OR ").append("id = ").append(i);
        }
        Err err = err(client.query(sql.toString()));
        assertEquals(1436, err.code(), err.toString());
    }

    @Test
    void repeatLargerThanAPacketIsError1301() throws IOException {
        String expected = "Result of repeat() was larger than max_allowed_packet (16777216) - truncated";
        assertEquals(new Err(1301, "HY000", expected), client.query("SELECT REPEAT('a', 2e9)"));
        assertEquals(new Err(1301, "HY000", expected), client.query("SELECT REPEAT('a', 2000000000)"));
        assertEquals(List.of(List.of("3")), assertInstanceOf(ResultSet.class,
                client.query("SELECT CHAR_LENGTH(REPEAT('a', 3))")).rows());
    }

    @Test
    void rowLargerThanAPacketIsError1301() throws IOException {
        Err err = err(client.query("SELECT CONCAT(REPEAT('a', 9000000), REPEAT('b', 9000000))"));
        assertEquals(1301, err.code(), err.toString());
    }

    @Test
    void inListOf100000IdsOnTheStoreWorks() throws IOException {
        StringJoiner in = new StringJoiner(",", "SELECT * FROM users_auth WHERE id IN (", ")");
        for (int i = 1; i <= 100_000; i++) {
            in.add(Integer.toString(i));
        }
        assertInstanceOf(ResultSet.class, client.query(in.toString()));
    }

    private static Err err(Reply reply) {
        return assertInstanceOf(Err.class, reply);
    }
}
