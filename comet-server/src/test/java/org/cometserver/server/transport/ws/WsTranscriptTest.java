package org.cometserver.server.transport.ws;

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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw WebSocket frames against a real server, field by field as CppComet 4.09 sent them in its WebSocket recordings
 * ws-01 to ws-07 (see {@code testdata/README.md}; {@code message_send_time} values normalised to {@code T}), copied
 * into this class. Documented improvements,
 * where the expected frame differs from the recording:
 * <ul>
 *   <li>{@code web_pipe2} messages are not pre-escaped and the delivery report counts every receiver (ws-04);</li>
 *   <li>{@code pipe_log} entries also carry {@code history:true} (ws-01; still no {@code marker}, issue #9);</li>
 *   <li>an unknown command gets an error frame, a ping a pong, a binary command is run without closing (ws-07);</li>
 *   <li>the {@code [ws] host} Origin allowlist is enforced with error 423; URL errors end with a close frame.</li>
 * </ul>
 */
class WsTranscriptTest {
    private static final String PASSWORD = "CometQLPassword";
    private static final String UUID_A = "probeUUIDprobeUUIDprobeUUID00001";
    private static final String UUID_B = "probeUUIDprobeUUIDprobeUUID00002";
    private static final String ALLOWED_ORIGIN = "http://127.0.0.1:18080";
    private static final int MAX_MESSAGE = 4096;
    private static final String INFO_ANONYMOUS = "{\"authorized\":false,\"data\":\"\",\"event\":\"serverInfo\","
            + "\"message_send_time\":T,\"pipe\":\"sys\",\"server\":\"CppComet community 4.09 (AGPL license)\"}";

    private static final String PRIVATE_X_REFUSED = error("Channel private_x needs an authorised connection\"");

    @TempDir
    static Path dir;
    private static CometServer server;
    private static Connection cometQl;

    @BeforeAll
    static void start() throws SQLException {
        server = CometServer.start(CometConfig.parse("""
                [main]
                password = %s
                node_name = n1
                max_message_size = %d
                [db]
                embedded_path = %s
                [cometql]
                ip = 127.0.0.1
                port = 0
                [ws]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                host = %s
                """.formatted(PASSWORD, MAX_MESSAGE, dir.resolve("comet"), ALLOWED_ORIGIN)));
        cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", PASSWORD);
    }

    @AfterAll
    static void stop() throws SQLException {
        cometQl.close();
        server.close();
    }

    @Test
    void anonymousPageGetsChannelMessagesAndHistory() throws Exception {
        sql("INSERT INTO pipes_settings (name, length) VALUES ('hist_chan', 5)");
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('hist_chan', 'ev_old', 'old message 1')");
        try (WsTestClient a = anonymous()) {
            assertEquals(INFO_ANONYMOUS, norm(a.next()));
            a.send("subscription\npublic_chan");
            sync(a);
            sql("INSERT INTO pipes_messages (name, event, message) VALUES ('public_chan', 'ev', 'hello')");
            assertEquals("{\"data\":\"hello\",\"event\":\"ev\",\"message_send_time\":T,\"pipe\":\"public_chan\"}",
                    norm(a.next()));
            a.send("pipe_log\nhist_chan\n6710661914\n");
            assertEquals("{\"data\":\"old message 1\",\"event\":\"ev_old\",\"fromQueue\":true,\"history\":true,"
                    + "\"message_send_time\":T,\"pipe\":\"hist_chan\",\"user_id\":0}",
                    norm(a.next()));
            a.send("pipe_count\npublic_chan\n4429759880\n");
            assertEquals("{\"data\":{\"error\":\"[pipe_count] Invalid channel name. The channel should start with"
                    + " web_\",\"number_messages\":-1},\"event\":\"error\",\"message_send_time\":T,\"pipe\":\"sys\"}",
                    norm(a.next()));
        }
    }

    @Test
    void privateMessagesLiveAndQueuedInOrder() throws Exception {
        sql("INSERT INTO users_auth (id, hash) VALUES (11, 'abc')");
        sql("INSERT INTO users_auth (id, hash) VALUES (12, 'def')");
        sql("INSERT INTO users_messages (id, event, message) VALUES (12, 'queued_ev', 'queued 1')");
        sql("INSERT INTO users_messages (id, event, message) VALUES (12, 'queued_ev', 'queued 2')");
        try (WsTestClient b = user("abc", 11, UUID_A); WsTestClient c = user("def", 12, UUID_B)) {
            assertEquals(INFO_ANONYMOUS.replace("false,\"data\":\"\"", "true,\"data\":\"abc\""), norm(b.next()));
            sync(b);
            sql("INSERT INTO users_messages (id, event, message) VALUES (11, 'ev', 'hi')");
            assertEquals("{\"data\":\"hi\",\"event\":\"ev\",\"pipe\":\"msg\"}", b.next());
            assertEquals(INFO_ANONYMOUS.replace("false,\"data\":\"\"", "true,\"data\":\"def\""), norm(c.next()));
            for (int i = 1; i <= 2; i++) {
                // CppComet sent no queue_id: we add the queue position the JS client acknowledges
                assertEquals("{\"data\":\"queued " + i + "\",\"event\":\"queued_ev\",\"fromQueue\":true,"
                        + "\"message_send_time\":T,\"pipe\":\"msg\",\"queue_id\":Q}",
                        norm(c.next()).replaceAll("\"queue_id\":\\d+", "\"queue_id\":Q"));
            }
            sql("DELETE FROM users_auth WHERE id = 11");
            assertEquals(WsTestClient.CLOSED, b.next());
        }
    }

    @Test
    void trackPresenceEventsAndMemberList() throws Exception {
        sql("INSERT INTO users_auth (id, hash) VALUES (21, 'abc')");
        try (WsTestClient b = user("abc", 21, UUID_A)) {
            b.next();
            b.send("subscription\ntrack_room");
            sync(b);
            try (WsTestClient e = anonymous()) {
                e.next();
                e.send("subscription\ntrack_room");
                assertEquals("{\"data\":{\"user_id\":0,\"uuid\":\"" + UUID_B + "\"},\"event\":\"subscription\","
                        + "\"message_send_time\":T,\"pipe\":\"track_room\"}", norm(b.next()));
                e.send("track_pipe_users\ntrack_room\n2539156836");
                String members = norm(e.next());
                assertTrue(members.startsWith("{\"_info\":\"answer for track_pipe_users\",\"data\":[{\"user_id\":"),
                        members);
                assertTrue(members.contains("{\"user_id\":21,\"uuid\":\"" + UUID_A + "\"}"), members);
                assertTrue(members.endsWith("],\"event\":\"answer\",\"marker\":\"2539156836\","
                        + "\"message_send_time\":T,\"pipe\":\"_answer\"}"), members);
                e.send("pipe_count\ntrack_room\n9114404101\n");
                assertEquals("{\"data\":[\"user_in_pipe\",2],\"event\":\"user_in_pipe\",\"marker\":\"9114404101\","
                        + "\"message_send_time\":T,\"pipe\":\"_answer_pipe_count\"}", norm(e.next()));
            }
            assertEquals("{\"data\":{\"user_id\":0,\"uuid\":\"" + UUID_B + "\"},\"event\":\"unsubscription\","
                    + "\"message_send_time\":T,\"pipe\":\"track_room\"}", norm(b.next()));
        }
    }

    @Test
    void userStatusOnlineAndOffline() throws Exception {
        sql("INSERT INTO users_auth (id, hash) VALUES (31, 'abc')");
        try (WsTestClient watcher = anonymous()) {
            watcher.next();
            watcher.send("subscription\nuser_status_31");
            sync(watcher);
            WsTestClient user = user("abc", 31, UUID_A);
            assertEquals("{\"data\":\"online\",\"event\":\"online\",\"pipe\":\"user_status_31\"}", watcher.next());
            user.close();
            assertEquals("{\"data\":\"offline\",\"event\":\"offline\",\"pipe\":\"user_status_31\"}", watcher.next());
        }
    }

    @Test
    void webPipeSendReachesOthersWithDeliveryReport() throws Exception {
        sql("INSERT INTO users_auth (id, hash) VALUES (41, 'abc')");
        try (WsTestClient a = anonymous(); WsTestClient b = user("abc", 41, UUID_A)) {
            a.next();
            b.next();
            a.send("subscription\nweb_chat");
            sync(a);
            b.send("web_pipe2\nweb_chat\nev\n*\n{\"text\":\"hello from js\"}");
            assertEquals("{\"data\":\"{\\\"text\\\":\\\"hello from js\\\"}\",\"event\":\"ev\",\"message_send_time\":T,"
                    + "\"pipe\":\"web_chat\",\"user_id\":41}", norm(a.next()));
            assertEquals("{\"data\":{\"message\":\"{\\\"text\\\":\\\"hello from js\\\"}\",\"number_messages\":1},"
                    + "\"event\":\"answer\",\"message_send_time\":T,\"pipe\":\"_answer_to_web_chat\"}", norm(b.next()));
            b.send("web_pipe2\n@web_chat\nev\n*\nno sender id");
            assertEquals("{\"data\":\"no sender id\",\"event\":\"ev\",\"message_send_time\":T,\"pipe\":\"web_chat\","
                    + "\"user_id\":0}", norm(a.next()));
            a.send("web_pipe2\nweb_chat\nev\n*\nto myself");
            assertTrue(norm(a.next()).contains("\"number_messages\":0},\"event\":\"answer\""));
            a.send("web_pipe2\npublic_chan\nev\n*\nx");
            assertEquals(error("[pipe_msg2] Invalid channel name. The channel should begin with web_\","
                    + "\"number_messages\":-1"), norm(a.next()));
            a.send("web_pipe2\nweb_chat\nbad event!\n*\nx");
            assertEquals(error("The event name can only contain characters A-Za-z0-9_-\""), norm(a.next()));
            a.send("web_pipe2\nweb_chat\nev\nXX\nx");
            assertEquals(error("Invalid value auth_type\",\"number_messages\":-1"), norm(a.next()));
            a.send("web_pipe2\nwebauth_chat\nev\n*\nx");
            assertEquals(error("[webauth_pipe_msg2] Invalid user auth. In to channel with name like webauth_* can"
                    + " not send messages anonim users\",\"number_messages\":-1"), norm(a.next()));
        }
    }

    @Test
    void wrongHashIsAnonymousAndCannotSubscribePrivate() throws Exception {
        sql("INSERT INTO users_auth (id, hash) VALUES (51, 'abc')");
        try (WsTestClient e = user("wrongkey", 51, UUID_A)) {
            assertEquals(INFO_ANONYMOUS, norm(e.next()));
            e.send("subscription\nprivate_x\nweb_after_private");
            assertEquals(PRIVATE_X_REFUSED, norm(e.next()));
            sync(e);
            assertEquals(0, server.hub().subscriberCount(0, "private_x"));
            assertEquals(1, server.hub().subscriberCount(0, "web_after_private"));
        }
    }

    /** Issue #8: CppComet sent any channel's log to anyone; a private_ log is refused as its subscription is. */
    @Test
    void anonymousPipeLogOfPrivateChannelIsRefusedLikeItsSubscription() throws Exception {
        sql("INSERT INTO pipes_settings (name, length) VALUES ('private_x', 5)");
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('private_x', 'ev', 'secret')");
        sql("INSERT INTO pipes_settings (name, length) VALUES ('public_log', 5)");
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('public_log', 'ev', 'public')");
        try (WsTestClient a = anonymous()) {
            assertEquals(INFO_ANONYMOUS, norm(a.next()));
            a.send("pipe_log\nprivate_x\nM1\n");
            assertEquals(PRIVATE_X_REFUSED, norm(a.next()));
            a.send("pipe_log\npublic_log\nM2\n");
            String next = a.next();
            assertTrue(next.contains("\"data\":\"public\""), "no private_x entry, then the public log: " + next);
        }
    }

    @Test
    void urlErrorsAreOneErrorFrameThenClose() throws Exception {
        // ws-07 cases 1–5, verbatim; before v= is parsed the frame is in the pre-4 form
        String legacyEnd = ",\\\"info\\\":\\\"Closed due to error. See last message.\\\"}\",\"event\":\"error\","
                + "\"event_name\":\"error\",\"message_send_time\":T,\"pipe\":\"sys\"}";
        String user401 = "{\"api_data\":\"for major_version < 4\",\"data\":\"{\\\"error\\\":\\\"Error code 401(Invalid"
                + " request, the user ID can not be found)\\\",\\\"error_code\\\":401" + legacyEnd;
        assertRefused("/ws/", user401);
        assertRefused("/ws/sesion=abc", user401);
        assertRefused("/ws/sesion=abc&myid=1", "{\"api_data\":\"for major_version < 4\",\"data\":\"{\\\"error\\\":"
                + "\\\"Error code 406(Invalid request, no public key found [1])\\\",\\\"error_code\\\":406" + legacyEnd);
        assertRefused("/ws/sesion=abc&myid=1&devid=0", "{\"api_data\":\"for major_version < 4\",\"data\":\"{\\\"error"
                + "\\\":\\\"Error code 418(Invalid request Not assigned client api version)\\\\n\\\",\\\"error_code\\\":418"
                + legacyEnd);
        assertRefused("/ws/sesion=abc&myid=1&devid=0&v=4.08", "{\"data\":{\"error\":\"Error code 418(Invalid"
                + " request Not assigned client api version)\\n\",\"error_code\":418,\"info\":\"Closed due to error."
                + " See last message.\"},\"event\":\"error\",\"message_send_time\":T,\"pipe\":\"sys\"}");
    }

    @Test
    void legacyClientsGetCompatibilityFields() throws Exception {
        try (WsTestClient old = WsTestClient.connect(server.wsPort(),
                WsTestClient.url("undefined", "undefined", "3.24", UUID_A))) {
            assertEquals("{\"api_data\":\"for major_version < 4\",\"authorized\":false,\"data\":\"\","
                    + "\"event\":\"serverInfo\",\"event_name\":\"serverInfo\",\"message_send_time\":T,\"pipe\":\"sys\","
                    + "\"server\":\"CppComet community 4.09 (AGPL license)\"}", norm(old.next()));
            old.send("pipe_count\nweb_x\nMARKER0001\n");
            assertEquals("{\"api_data\":\"for major_version < 4\",\"data\":\"[\\\"user_in_pipe\\\",0]\","
                    + "\"event\":\"user_in_pipe\",\"event_name\":\"user_in_pipe\",\"marker\":\"MARKER0001\","
                    + "\"message_send_time\":T,\"pipe\":\"_answer_pipe_count\"}", norm(old.next()));
        }
    }

    @Test
    void rawCasesAnsweredWithoutClosing() throws Exception {
        try (WsTestClient a = anonymous()) {
            a.next();
            a.send("hello\nworld");
            assertEquals(error("Unknown command\""), norm(a.next()));
            a.ping();
            assertEquals(WsTestClient.PONG, a.next());
            a.sendBinary("pipe_count\nweb_bin\nM1\n".getBytes());
            assertTrue(a.next().contains("\"marker\":\"M1\""));
            a.send("user_status\n1");
            assertEquals("{\"data\":{\"data\":-1,\"last_online_time\":-1},\"event\":\"user_status_1\","
                    + "\"message_send_time\":T,\"pipe\":\"_answer_user_status\"}", norm(a.next()));
            a.send("user_data\n1234567893\n1");
            assertEquals("{\"data\":{\"user_data\":\"\",\"user_id\":1},\"event\":\"answer\",\"marker\":\"1234567893\","
                    + "\"message_send_time\":T,\"pipe\":\"_answer\"}", norm(a.next()));
            a.send("track_pipe_users\npublic_chan\n1234567895");
            assertEquals(error("[track_pipe_users] Invalid channel name. The channel should start with track_\","
                    + "\"user_id\":-1"), norm(a.next()));
            a.send("statistics\n{\"url\":\"x\"}");
            a.send("x".repeat(MAX_MESSAGE + 1));
            assertEquals("{\"data\":{\"error\":\"Message is too long\",\"max_message_size\":" + MAX_MESSAGE
                    + "},\"event\":\"error\",\"message_send_time\":T,\"pipe\":\"sys\"}", norm(a.next()));
            a.sendFragments("pipe_count\nweb_", "frag\nM2\n");
            assertTrue(a.next().contains("\"marker\":\"M2\""));
            a.send("subscription\n" + "x".repeat(70));
            assertEquals("{\"data\":{\"code\":\"403\",\"error\":\"Channel name is too long\"},\"event\":\"error\","
                    + "\"message_send_time\":T,\"pipe\":\"sys\"}", norm(a.next()));
            assertEquals(WsTestClient.CLOSED, a.next());
        }
    }

    @Test
    void originOutsideTheAllowlistIsRefused() throws Exception {
        try (WsTestClient bad = WsTestClient.connect(server.wsPort(),
                WsTestClient.url("undefined", "undefined", "4.08", UUID_A), "http://evil.example")) {
            assertEquals("{\"data\":{\"error\":\"Error code 423(Origin http://evil.example is not allowed)\","
                    + "\"error_code\":423,\"info\":\"Closed due to error. See last message.\"},\"event\":\"error\","
                    + "\"message_send_time\":T,\"pipe\":\"sys\"}", norm(bad.next()));
            assertEquals(WsTestClient.CLOSED, bad.next());
        }
        try (WsTestClient good = WsTestClient.connect(server.wsPort(),
                WsTestClient.url("undefined", "undefined", "4.08", UUID_A), ALLOWED_ORIGIN)) {
            assertEquals(INFO_ANONYMOUS, norm(good.next()));
        }
    }

    @Test
    void httpEndpoints() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.wsPort();
        for (String path : new String[]{"/info", "/comet-server/info"}) {
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode());
            assertEquals("{\"status\":\"ok\",\"node\":\"n1________\"}", info.body());
            assertEquals("*", info.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            // CppComet: text/html (docs/COMPATIBILITY.md)
            assertEquals("application/json", info.headers().firstValue("Content-Type").orElseThrow());
        }
        HttpResponse<String> options = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("+OK\n", options.body());
        for (String path : new String[]{"/favicon.ico", "/comet-server/favicon.ico"}) {
            // CppComet: 301 to http://comet-server.com/favicon.ico, an outside host (docs/COMPATIBILITY.md)
            HttpResponse<byte[]> favicon = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, favicon.statusCode());
            assertEquals("image/x-icon", favicon.headers().firstValue("Content-Type").orElseThrow());
            byte[] icon = favicon.body();
            assertTrue(icon.length > 6 && icon[0] == 0 && icon[1] == 0 && icon[2] == 1 && icon[3] == 0, "ICO header");
        }
        HttpResponse<String> logo = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(logo.statusCode() == 200 && logo.body().contains("CppComet community 4.09"));
        assertTrue(logo.body().contains("href='/favicon.ico'"), "the logo page's icon is ours, not an outside host's");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/CometServerApi.js"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        HttpResponse<String> longPoll = http.send(HttpRequest.newBuilder(URI.create(base + "/sesion=abc&myid=1"))
                .POST(HttpRequest.BodyPublishers.ofString("public_chan")).build(), HttpResponse.BodyHandlers.ofString());
        // CppComet answered 404 (no long polling); no request on this port needs a body: refused unread (issue #8)
        assertEquals(413, longPoll.statusCode());
    }

    private static void assertRefused(String path, String expected) throws InterruptedException {
        try (WsTestClient client = WsTestClient.connect(server.wsPort(), path)) {
            assertEquals(expected, norm(client.next()));
            assertEquals(WsTestClient.CLOSED, client.next());
            assertNull(client.poll(50));
        }
    }

    private static String error(String dataFields) {
        return "{\"data\":{\"error\":\"" + dataFields + "},\"event\":\"error\",\"message_send_time\":T,\"pipe\":\"sys\"}";
    }

    private static WsTestClient anonymous() {
        return WsTestClient.connect(server.wsPort(), WsTestClient.url("undefined", "undefined", "4.08", UUID_B));
    }

    private static WsTestClient user(String key, long id, String uuid) {
        return WsTestClient.connect(server.wsPort(), WsTestClient.url(key, String.valueOf(id), "4.08", uuid));
    }

    /** Waits until every command sent before has run: commands of a connection run in order. */
    private static void sync(WsTestClient client) throws InterruptedException {
        client.send("pipe_count\nweb_sync\nSYNC\n");
        String answer = client.next();
        assertTrue(answer.contains("\"marker\":\"SYNC\""), answer);
    }

    private static void sql(String statement) throws SQLException {
        try (Statement s = cometQl.createStatement()) {
            s.execute(statement);
        }
    }

    private static String norm(String frame) {
        return frame.replaceAll("\"message_send_time\":\\d+", "\"message_send_time\":T");
    }
}
