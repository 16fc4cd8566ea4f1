package org.cometserver.server.transport.ws;

import org.cometserver.server.CometServer;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.e2e.ws.RawWsSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logins and the limits that protect the server, against a real server over raw WebSocket frames: HS256 JWT login and
 * its revocation through {@code revoked_tokens} (§3.6), 16 connections per user, and a reader that stops reading.
 */
class WsAuthAndLimitsTest {
    private static final String PASSWORD = "CometQLPassword";
    private static final String UUID = "authUUIDauthUUIDauthUUIDauth0001";
    private static final int OUTBOUND_LIMIT = 1024 * 1024;

    @TempDir
    static Path dir;
    private static CometServer server;
    private static Connection cometQl;
    private static final JwtTokens TOKENS = new JwtTokens(PASSWORD, Clock.systemUTC());

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
                outbound_queue_bytes = %d
                """.formatted(PASSWORD, dir.resolve("comet"), OUTBOUND_LIMIT)));
        cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", PASSWORD);
    }

    @AfterAll
    static void stop() throws SQLException {
        cometQl.close();
        server.close();
    }

    @Test
    void jwtLogsInAndRevokingItDisconnectsTheUser() throws Exception {
        String token = TOKENS.issue(0, 71, now() + 3600);
        try (WsTestClient page = user(token, 71)) {
            String info = page.next();
            assertTrue(info.contains("\"authorized\":true"), info);
            assertTrue(info.matches(".*\"data\":\"[0-9a-f]{32}\".*"), "a usable key is stored at first login: " + info);
            sql("INSERT INTO revoked_tokens (token) VALUES ('" + token + "')");
            assertEquals(WsTestClient.CLOSED, page.next());
            assertEquals(4001, page.closeCode);
        }
        try (WsTestClient again = user(token, 71)) {
            assertTrue(again.next().contains("\"authorized\":false"), "a revoked token no longer logs in");
        }
    }

    @Test
    void jwtOfAnotherUserExpiredOrSignedWithAnotherSecretIsAnonymous() throws Exception {
        List<String> refused = List.of(
                TOKENS.issue(0, 73, now() + 3600),
                TOKENS.issue(0, 72, now() - 10),
                new JwtTokens("another password", Clock.systemUTC()).issue(0, 72, now() + 3600),
                TOKENS.issue(1, 72, now() + 3600));
        for (String token : refused) {
            try (WsTestClient page = user(token, 72)) {
                assertTrue(page.next().contains("\"authorized\":false"), token);
            }
        }
    }

    @Test
    void seventeenthConnectionOfAUserIsClosedWith4002() throws Exception {
        sql("INSERT INTO users_auth (id, hash) VALUES (81, 'key81')");
        List<WsTestClient> devices = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                WsTestClient device = user("key81", 81);
                devices.add(device);
                assertTrue(device.next().contains("\"authorized\":true"));
            }
            try (WsTestClient extra = user("key81", 81)) {
                String refusal = extra.next();
                assertTrue(refusal.contains("\"error_code\":4002"), refusal);
                assertEquals(WsTestClient.CLOSED, extra.next());
                assertEquals(4002, extra.closeCode);
            }
            sql("INSERT INTO users_messages (id, event, message) VALUES (81, 'ev', 'to every device')");
            for (WsTestClient device : devices) {
                assertEquals("{\"data\":\"to every device\",\"event\":\"ev\",\"pipe\":\"msg\"}", device.next());
            }
        } finally {
            devices.forEach(WsTestClient::close);
        }
    }

    @Test
    void aReaderThatStopsReadingIsCutOffAndOthersKeepReceiving() throws Exception {
        awaitConnections(0);
        long dropped = WsDeliveries.droppedTotal();
        long delivered = WsDeliveries.deliveredTotal();
        try (RawWsSocket stalled = RawWsSocket.upgraded(server.wsPort(), "/ws/sesion=&myid=&devid=0&v=4.08&uuid="
                + UUID + "&api=js"); WsTestClient reader = WsTestClient.connect(server.wsPort(),
                WsTestClient.url("undefined", "undefined", "4.08", UUID))) {
            stalled.writeFrame(RawWsSocket.OP_TEXT, true,
                    "subscription\nweb_flood".getBytes(StandardCharsets.UTF_8), true);
            reader.next();
            reader.send("subscription\nweb_flood");
            awaitSubscribers("web_flood", 2);
            // the stalled socket never reads: the kernel buffers fill, then the server's queue passes its limit
            String message = "x".repeat(16 * 1024);
            long deadline = System.nanoTime() + 60_000_000_000L;
            int sent = 0;
            while (server.hub().subscriberCount(0, "web_flood") == 2 && System.nanoTime() < deadline) {
                sql("INSERT INTO pipes_messages (name, event, message) VALUES ('web_flood', 'ev', '" + message + "')");
                sent++;
            }
            assertEquals(1, server.hub().subscriberCount(0, "web_flood"),
                    "only the stalled reader is cut off after " + sent + " messages; the reading page's close code: "
                            + reader.closeCode);
            for (int i = 0; i < sent; i++) {
                assertTrue(reader.next().contains("\"pipe\":\"web_flood\""), "the reading page got message " + i);
            }
            assertTrue(WsDeliveries.droppedTotal() > dropped, "the frame that found the stalled reader over its limit");
            assertTrue(WsDeliveries.deliveredTotal() >= delivered + sent, "every message the reader got");
        }
        awaitConnections(0);
    }

    private static WsTestClient user(String key, long id) {
        return WsTestClient.connect(server.wsPort(), WsTestClient.url(key, String.valueOf(id), "4.08", UUID));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void awaitSubscribers(String channel, int count) throws InterruptedException {
        for (int i = 0; i < 500 && server.hub().subscriberCount(0, channel) != count; i++) {
            Thread.sleep(10);
        }
        assertEquals(count, server.hub().subscriberCount(0, channel));
    }

    private static void awaitConnections(int count) throws InterruptedException {
        for (int i = 0; i < 500 && server.hub().connectionCount() != count; i++) {
            Thread.sleep(10);
        }
        assertEquals(count, server.hub().connectionCount());
    }

    private static void sql(String statement) throws SQLException {
        try (Statement s = cometQl.createStatement()) {
            s.execute(statement);
        }
    }
}
