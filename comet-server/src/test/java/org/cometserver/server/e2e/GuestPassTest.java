package org.cometserver.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance 5 of issue #11 at the server level: a backend creates a guest pass with SQL (Connector/J and the
 * {@code mariadb} CLI), one browser redeems it over {@code POST /conference/guest}, the directory then answers for the
 * guest's SIP name with the password that browser got, a second redemption is refused, and a revoked pass's SIP name
 * is unknown again. Expiry is in {@code StoreDirectoryUsersTest} (it needs a clock).
 */
class GuestPassTest {
    private static final String PASSWORD = MariadbCli.PASSWORD;
    private static final String RECORDING = "freeswitch/xml-curl-requests/01-post-register-0000005-at-127.0.0.1.raw";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static CometServer server;
    private static String recordedBody;

    @BeforeAll
    static void start() throws Exception {
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
                [freeswitch]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                allow = 127.0.0.1
                user = fs
                password = fs-secret
                [sip]
                freeswitch = []Server=127.0.0.1,Pwd=ClueCon,Port=1,WSport=7443,WShost=fs.example.com
                """.formatted(PASSWORD, dir.resolve("comet"))));
        String raw = Files.readString(RepoPaths.testdata().resolve(RECORDING), StandardCharsets.ISO_8859_1);
        recordedBody = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPassIsRedeemedOnceAndItsSipNameWorksOnlyUntilRevoked() throws Exception {
        long guestId;
        String token;
        try (Connection sql = connect(); Statement s = sql.createStatement()) {
            s.executeUpdate("INSERT INTO conference_guests (name, display_name, ttl) VALUES ('room-7', 'Ann', 600)",
                    Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertTrue(keys.next());
                guestId = keys.getLong(1);
            }
            assertTrue(guestId >= 1_000_000_000L && guestId <= 1_999_999_999L, "guest range: " + guestId);
            try (ResultSet r = s.executeQuery("SELECT token, display_name, used, expires - created FROM"
                    + " conference_guests WHERE guest_id = " + guestId)) {
                assertTrue(r.next());
                token = r.getString(1);
                assertEquals("Ann", r.getString(2));
                assertEquals(0, r.getLong(3));
                assertEquals(600, r.getLong(4));
            }
        }
        String sipUser = String.format("%06d%d", 0, guestId);
        assertTrue(directory(sipUser).contains("<result status=\"not found\"/>"), "an unused pass has no SIP user");

        HttpResponse<String> joined = join(token);
        assertEquals(200, joined.statusCode(), joined.body());
        JsonNode join = JSON.readTree(joined.body());
        assertEquals(guestId, join.get("userId").asLong());
        assertEquals(sipUser, join.get("sipUser").asText());
        assertEquals("0*room-7*default", join.get("sipNumber").asText());
        assertEquals("fs.example.com", join.get("serverName").asText());
        assertEquals(7443, join.get("serverPort").asInt());
        assertEquals("room-7", join.get("conference_name").asText());
        assertTrue(join.get("callPipe").asText().startsWith("web_syscall_v1_"));
        String sipPassword = join.get("sipPassword").asText();
        assertFalse(sipPassword.isEmpty() || sipPassword.equals(token), "a fresh secret, not the token");

        String entry = directory(sipUser);
        assertTrue(entry.contains("<user id=\"" + sipUser + "\">"), entry);
        assertTrue(entry.contains("<param name=\"password\" value=\"" + sipPassword + "\"/>"), entry);
        // freeswitch-conf's comet_guest context lets this SIP user dial only 0*room-7*<profile>
        assertTrue(entry.contains("<variable name=\"user_context\" value=\"comet_guest\"/>"), entry);
        assertTrue(entry.contains("<variable name=\"comet_guest_room\" value=\"0*room-7\"/>"), entry);

        HttpResponse<String> second = join(token);
        assertEquals(404, second.statusCode(), "one use only: " + second.body());
        assertTrue(second.body().contains("unknown, used or expired"), second.body());

        try (Connection sql = connect(); Statement s = sql.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT used FROM conference_guests WHERE token = '" + token + "'")) {
                assertTrue(r.next());
                assertTrue(r.getLong(1) > 0, "used is the redemption time");
            }
            assertEquals(1, s.executeUpdate("DELETE FROM conference_guests WHERE guest_id = " + guestId));
        }
        assertTrue(directory(sipUser).contains("<result status=\"not found\"/>"), "revoked");
    }

    @Test
    void theMariadbCliCreatesAPassWithItsOwnTokenAndSelectsPassesOfARoom() {
        ClientProcess.Result created = MariadbCli.execute(server.cometQlPort(), MariadbCli.Tls.SKIP_SSL,
                "INSERT INTO conference_guests (name, display_name, ttl, token)"
                        + " VALUES ('cli-room', 'Bob', 120, 'backendChosenToken_0001');"
                        + " SELECT name, display_name, token, used FROM conference_guests WHERE name = 'cli-room'",
                "--batch");
        created.assertSuccess();
        assertTrue(created.stdout().contains("cli-room\tBob\tbackendChosenToken_0001\t0"), created.toString());
        ClientProcess.Result duplicate = MariadbCli.execute(server.cometQlPort(), MariadbCli.Tls.SKIP_SSL,
                "INSERT INTO conference_guests (name, ttl, token) VALUES ('cli-room', 120, 'backendChosenToken_0001')");
        assertTrue(duplicate.stderr().contains("already a guest pass"), duplicate.toString());
    }

    @Test
    void badInsertsAndBadTokensGetClearErrors() throws Exception {
        try (Connection sql = connect(); Statement s = sql.createStatement()) {
            assertError(s, "INSERT INTO conference_guests (name) VALUES ('r1')", "ttl");
            assertError(s, "INSERT INTO conference_guests (name, ttl) VALUES ('r1', 0)", "ttl must be");
            assertError(s, "INSERT INTO conference_guests (name, ttl) VALUES ('bad room', 60)", "room name");
            assertError(s, "INSERT INTO conference_guests (name, ttl, token) VALUES ('r1', 60, 'short')", "token");
            assertError(s, "INSERT INTO users_auth (id, hash) VALUES (1000000001, 'x')", "reserved for conference");
        }
        assertEquals(400, join("").statusCode());
        assertEquals(404, join("noSuchTokenAtAll_0000").statusCode());
    }

    @Test
    void temporaryUsersTakeTtlAndRoomOnInsertAndSelectKeepsCppCometsColumns() throws Exception {
        try (Connection sql = connect(); Statement s = sql.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO users_auth (id, hash, ttl, room) VALUES (31, 'key31', 60,"
                    + " 'room-7')"));
            assertEquals(1, s.executeUpdate("INSERT INTO users_auth (id, hash, room) VALUES (32, 'key32', 'room-7')"));
            assertEquals(1, s.executeUpdate("INSERT INTO users_auth VALUES (33, 'key33')"));
            try (ResultSet r = s.executeQuery("SELECT * FROM users_auth WHERE id IN (31, 32, 33)")) {
                assertEquals(2, r.getMetaData().getColumnCount(), "id and hash, as CppComet");
                int rows = 0;
                while (r.next()) {
                    rows++;
                }
                assertEquals(3, rows);
            }
            assertError(s, "INSERT INTO users_auth (id, hash, ttl) VALUES (34, 'k', -1)", "ttl must be");
            assertError(s, "INSERT INTO users_auth (id, hash, room) VALUES (34, 'k', 'a b')", "room name");
            assertError(s, "SELECT ttl FROM users_auth WHERE id = 31", "Not a specific column");
        }
    }

    private static void assertError(Statement s, String sql, String message) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertTrue(e.getMessage().contains(message), sql + ": " + e.getMessage());
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", PASSWORD);
    }

    private static HttpResponse<String> join(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.wsPort() + "/conference/guest"))
                .header("X-Comet-Guest-Token", token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String directory(String sipUser) throws Exception {
        HttpResponse<String> answer = XmlCurlEndpointTest.post(server.xmlCurlPort(),
                recordedBody.replace("user=0000005", "user=" + sipUser), "fs:fs-secret");
        assertEquals(200, answer.statusCode());
        return answer.body();
    }
}
