package org.cometserver.server.e2e;

import org.cometserver.server.e2e.RawMysqlClient.Closed;
import org.cometserver.server.e2e.RawMysqlClient.Err;
import org.cometserver.server.e2e.RawMysqlClient.Reply;
import org.cometserver.server.e2e.RawMysqlClient.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed statements and broken packets: every one is answered with an ERR packet or a clean close, and the
 * server keeps serving, both the connection that misbehaved (when it was not closed) and a bystander connection.
 */
class BadInputTest {
    private static final String PRESENCE_QUERY = "SELECT * FROM pipes WHERE name='abc'";
    private static final int STATEMENTS = 200;
    private static E2eServer server;
    private RawMysqlClient bystander;

    @BeforeAll
    static void startServer() {
        server = E2eServer.embedded();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connectBystander() throws IOException {
        bystander = login();
        assertBystanderServed();
    }

    @AfterEach
    void bystanderStillServed() throws IOException {
        assertBystanderServed();
        bystander.close();
    }

    @Test
    void everyMalformedStatementGetsAnErrAndTheSessionKeepsWorking() throws IOException {
        List<byte[]> statements = malformedStatements(new Random(20261121));
        RawMysqlClient client = login();
        try {
            for (int i = 0; i < statements.size(); i++) {
                byte[] statement = statements.get(i);
                Reply reply = client.query(statement);
                String shown = preview(statement);
                if (reply instanceof Closed) {
                    client.close();
                    client = login(); // a clean close is an acceptable answer; the server must still accept us
                } else {
                    assertInstanceOf(Err.class, reply, "statement #" + i + " " + shown);
                }
                assertServed(client, "after statement #" + i + " " + shown);
                if (i % 20 == 0) {
                    assertBystanderServed();
                }
            }
        } finally {
            client.close();
        }
    }

    @Test
    void truncatedPacketThenEndOfStreamIsClosedCleanly() throws IOException {
        try (RawMysqlClient client = login()) {
            // header announces 100 bytes, 10 arrive, then the client stops sending
            client.writeRaw(new byte[]{100, 0, 0, 0, 3, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '*', ' '});
            client.shutdownOutput();
            assertErrOrClose(client.readReply());
        }
    }

    @Test
    void truncatedHandshakeResponseIsClosedCleanly() throws IOException {
        try (RawMysqlClient client = RawMysqlClient.open(server.port())) {
            client.writeRaw(new byte[]{60, 0, 0, 1, (byte) 0x85, (byte) 0xa6, 0x0f});
            client.shutdownOutput();
            assertErrOrCloseAfterGreeting(client);
        }
    }

    @Test
    void garbageInsteadOfHandshakeResponseIsRefused() throws IOException {
        byte[] garbage = new byte[300];
        new Random(7).nextBytes(garbage);
        garbage[0] = 40; // a plausible, small length so the server reads a whole bogus packet
        garbage[1] = 0;
        garbage[2] = 0;
        try (RawMysqlClient client = RawMysqlClient.open(server.port())) {
            client.writeRaw(garbage);
            assertErrOrCloseAfterGreeting(client);
        }
    }

    @Test
    void garbageBytesAfterLoginThenEndOfStreamAreRefused() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 5; round++) {
            byte[] garbage = new byte[64 + random.nextInt(200)];
            random.nextBytes(garbage); // framing included: the header may announce anything up to 16 MiB
            try (RawMysqlClient client = login()) {
                client.writeRaw(garbage);
                client.shutdownOutput();
                assertErrOrClose(client.readReply());
            }
        }
    }

    @Test
    void packetsAnnouncingOneGibibyteAreRefusedBeforeTheyArrive() throws IOException {
        try (RawMysqlClient client = login()) {
            // 64 packets of the maximum length 0xFFFFFF announce 1 GiB of one logical COM_QUERY; a server that
            // checks its limit stops us long before; we stream at most the first 80 MiB.
            byte[] chunk = new byte[1024 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            chunk[0] = 3;
            boolean refused = false;
            try {
                for (int packet = 0; packet < 5 && !refused; packet++) {
                    client.writeRaw(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) packet});
                    for (int sent = 0; sent < 0xffffff; sent += chunk.length) {
                        client.writeRaw(Arrays.copyOf(chunk, Math.min(chunk.length, 0xffffff - sent)));
                        chunk[0] = 'x';
                    }
                }
            } catch (SocketException e) {
                refused = true; // the server closed while we were still sending: a clean close
            }
            if (!refused) {
                client.shutdownOutput();
                assertErrOrClose(client.readReply());
            }
        }
    }

    /** MariaDB answers ERR 1156 "Got packets out of order" and closes; a command must start at sequence id 0. */
    @Test
    void wrongSequenceIdIsRefused() throws IOException {
        try (RawMysqlClient client = login()) {
            byte[] query = ("\u0003" + PRESENCE_QUERY).getBytes(StandardCharsets.UTF_8);
            client.writePacket(5, query);
            assertErrOrClose(client.readReply());
        }
    }

    @Test
    void packetsWithUnknownCommandBytesGetAnErr() throws IOException {
        Random random = new Random(13);
        try (RawMysqlClient client = login()) {
            for (int round = 0; round < 20; round++) {
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                junk[0] = (byte) (0x20 + random.nextInt(0xdf)); // 0x20..0xfe: no COM_* command has these bytes
                client.writePacket(0, junk);
                Reply reply = client.readReply();
                if (reply instanceof Closed) {
                    return;
                }
                assertInstanceOf(Err.class, reply, "command byte " + (junk[0] & 0xff));
                assertServed(client, "after command byte " + (junk[0] & 0xff));
            }
        }
    }

    @Test
    void emptyPacketGetsAnErrOrClose() throws IOException {
        try (RawMysqlClient client = login()) {
            client.writePacket(0, new byte[0]);
            assertErrOrClose(client.readReply());
        }
    }

    /** 200 statements no CometQL dialect accepts, from every family of mistakes, in a reproducible order. */
    static List<byte[]> malformedStatements(Random random) {
        List<String> words = List.of("SELECT", "FROM", "WHERE", "INSERT", "INTO", "VALUES", "DELETE", "(", ")", ",",
                "=", "*", "'x'", "\"y\"", "`z`", "42", "-1", "AND", "OR", "LIKE", "IN", "LIMIT", "pipes", "name",
                "users_auth", "@@version", ";", "NULL", "0x1F", "?", "\\", "%", "..", "::");
        List<String> valid = List.of("SELECT * FROM pipes WHERE name='abc'",
                "INSERT INTO pipes_messages (name, event, message) VALUES ('abc', 'ev', 'text')",
                "SELECT * FROM users_auth WHERE id IN (1, 2)",
                "INSERT INTO users_auth (id, hash) VALUES (3, 'key')");
        List<byte[]> statements = new ArrayList<>();
        for (int i = 0; statements.size() < STATEMENTS; i++) {
            String statement = switch (i % 8) {
                // random tokens after a verb no dialect has
                case 0 -> "FROBNICATE " + randomWords(random, words, 1 + random.nextInt(12));
                // unbalanced quote: a valid statement cut right after an opening quote
                case 1 -> {
                    String base = valid.get(random.nextInt(valid.size()));
                    yield base.substring(0, base.indexOf('\'') + 1) + randomWords(random, words, random.nextInt(4));
                }
                // unbalanced parentheses
                case 2 -> "SELECT * FROM pipes WHERE name IN ((('abc'" + ")".repeat(random.nextInt(2));
                // deeply nested expression: parsers that recurse must not overflow the stack silently
                case 3 -> "SELECT * FROM pipes WHERE name = " + "(".repeat(depth(random)) + "'abc'" + ")".repeat(1999);
                // unknown table
                case 4 -> "SELECT * FROM nosuch_" + random.nextInt(1000) + " WHERE id = 1";
                // unknown column
                case 5 -> random.nextBoolean()
                        ? "SELECT no_such_column FROM pipes WHERE name = 'abc'"
                        : "INSERT INTO pipes_messages (nme, event, message) VALUES ('abc', 'ev', 'm')";
                // a valid statement with junk glued on
                case 6 -> valid.get(random.nextInt(valid.size())) + " " + randomWords(random, words, 1 + random.nextInt(5))
                        + " )(";
                default -> null;
            };
            statements.add(statement != null ? statement.getBytes(StandardCharsets.UTF_8) : binaryJunk(random));
        }
        // a few huge ones: far past any statement limit (1 MiB by default, CppComet 9000 bytes)
        for (int i = 0; i < 3; i++) {
            statements.set(17 + 60 * i, ("SELECT * FROM pipes WHERE name IN ('" + "a".repeat(2 * 1024 * 1024) + "')")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return statements;
    }

    /** At least 2000, so that the 1999 closing parentheses always leave the expression unbalanced. */
    private static int depth(Random random) {
        return 2000 + random.nextInt(20_000);
    }

    private static String randomWords(Random random, List<String> words, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(words.get(random.nextInt(words.size()))).append(' ');
        }
        return text.toString().strip();
    }

    /** Bytes that are not valid UTF-8 and begin with a byte no statement begins with. */
    private static byte[] binaryJunk(Random random) {
        byte[] junk = new byte[1 + random.nextInt(300)];
        random.nextBytes(junk);
        junk[0] = (byte) 0xff;
        return junk;
    }

    private static RawMysqlClient login() throws IOException {
        return RawMysqlClient.login(server.port(), "root", MariadbCli.PASSWORD, "CometQL_v1");
    }

    private void assertBystanderServed() throws IOException {
        assertServed(bystander, "bystander connection");
    }

    private static void assertServed(RawMysqlClient client, String when) throws IOException {
        Reply reply = client.query(PRESENCE_QUERY);
        ResultSet rows = assertInstanceOf(ResultSet.class, reply, when);
        assertEquals(List.of(List.of("abc", "0")), rows.rows(), when);
    }

    private static void assertErrOrClose(Reply reply) {
        assertTrue(reply instanceof Err || reply instanceof Closed, "expected ERR or close, got " + reply);
    }

    /** The greeting comes first; after it the server must answer ERR or close. */
    private static void assertErrOrCloseAfterGreeting(RawMysqlClient client) throws IOException {
        byte[] greeting = client.readPacket();
        assertTrue(greeting != null && greeting[0] == 10, "HandshakeV10 first");
        byte[] verdict = client.readPacket();
        assertTrue(verdict == null || (verdict[0] & 0xff) == 0xff, "ERR or close after a broken handshake response");
    }

    private static String preview(byte[] statement) {
        String text = new String(statement, StandardCharsets.UTF_8);
        return text.length() > 120 ? text.substring(0, 120) + "… (" + statement.length + " bytes)" : text;
    }
}
