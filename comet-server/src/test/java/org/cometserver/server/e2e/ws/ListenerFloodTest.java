package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.testing.ChildServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8, acceptance 1: 20,000 idle TCP connections to each listener (CometQL, WebSocket, FreeSWITCH directory),
 * from six processes and as many 127.0.0.x addresses, against a server in its own process with its own 20,000
 * descriptors. During the flood a CometQL client logs in and publishes and a WebSocket client receives it; every
 * flood connection is closed by the server (refused, closed for a newcomer, or at the handshake timeout); the log
 * grows by less than 100 KB; the server still serves afterwards.
 */
class ListenerFloodTest {
    private static final int CONNECTIONS_PER_LISTENER = 20_000;
    private static final int PROCESSES_PER_LISTENER = 2;
    /** The longest a flood process waits for the server to close all its connections. */
    private static final int FLOOD_SECONDS = 120;
    private static final int HANDSHAKE_TIMEOUT_SECONDS = 5;
    private static final long MAX_LOG_GROWTH = 100_000;
    private static final String PASSWORD = "flood-test-password";

    @TempDir
    Path dir;

    @Test
    void idleFloodOnEveryListenerLeavesRealClientsServed() throws Exception {
        Path ini = dir.resolve("comet.ini");
        Files.writeString(ini, "[main]\npassword = " + PASSWORD + "\n[db]\nembedded_path = " + dir.resolve("data/c")
                + "\n[cometql]\nip = 127.0.0.1\nport = 0\nhandshake_timeout = " + HANDSHAKE_TIMEOUT_SECONDS
                + "\n[ws]\nip = 127.0.0.1\nport = 0\nhandshake_timeout = " + HANDSHAKE_TIMEOUT_SECONDS
                + "\n[freeswitch]\nip = 127.0.0.1\nport = 0\nthread_num = 1\nhandshake_timeout = "
                + HANDSHAKE_TIMEOUT_SECONDS + "\n");
        Path log = dir.resolve("server.log");
        ChildServer server = ChildServer.start(dir, ini, log, "-Xmx256m");
        List<Process> floods = new ArrayList<>();
        try {
            int cometQl = server.port(ChildServer.COMETQL);
            int ws = server.port(ChildServer.WEBSOCKET);
            int directory = server.port(ChildServer.DIRECTORY);
            long logBefore = Files.size(log);
            int descriptorsBefore = server.descriptors();
            int source = 10;
            for (int port : new int[] {cometQl, ws, directory}) {
                for (int p = 0; p < PROCESSES_PER_LISTENER; p++, source += 2) {
                    floods.add(ChildServer.java(dir, IdleFlood.class, dir.resolve("flood" + floods.size() + ".out"),
                            List.of("-Xmx256m", String.valueOf(port),
                                    String.valueOf(CONNECTIONS_PER_LISTENER / PROCESSES_PER_LISTENER),
                                    String.valueOf(FLOOD_SECONDS), "127.0.0." + source + ",127.0.0." + (source + 1))));
                }
            }
            Thread.sleep(3_000); // the flood is under way

            try (JdkWsClient browser = retrying(() -> JdkWsClient.anonymous(ws, "flood-test-uuid"));
                 Connection backend = retrying(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cometQl
                         + "/CometQL_v1?connectTimeout=10000", "root", PASSWORD));
                 Statement sql = backend.createStatement()) {
                browser.send("subscription\nweb_flood");
                JsonNode delivered = null;
                for (int attempt = 0; attempt < 50 && delivered == null; attempt++) {
                    // until the subscription has reached the server
                    sql.execute("INSERT INTO pipes_messages (name, event, message) VALUES ('web_flood', 'e', 'hi')");
                    delivered = browser.nextWithin(200);
                }
                assertTrue(delivered != null, "the browser received the backend's message during the flood");
                assertEquals("web_flood", delivered.path("pipe").asText());
            }

            List<String> reports = new ArrayList<>();
            for (int i = 0; i < floods.size(); i++) {
                assertTrue(floods.get(i).waitFor(FLOOD_SECONDS + 10, TimeUnit.SECONDS));
                reports.add(Files.readString(dir.resolve("flood" + i + ".out")).strip());
            }
            for (String report : reports) {
                Matcher m = Pattern.compile("opened=(\\d+) connected=(\\d+) closed_by_server=(\\d+) failed=(\\d+)")
                        .matcher(report);
                assertTrue(m.find(), report);
                assertTrue(Integer.parseInt(m.group(2)) > 0, report);
                assertEquals(m.group(2), m.group(3), "every flood connection was closed by the server: " + reports);
            }
            // the server's own view: every flood connection closed, nothing left behind
            Eventually.until("server's descriptors back to where they were",
                    () -> server.descriptors() <= descriptorsBefore + 10, server::descriptors);
            long growth = Files.size(log) - logBefore;
            assertTrue(growth < MAX_LOG_GROWTH, "log grew by " + growth + " bytes");
            try (Connection after = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cometQl + "/CometQL_v1",
                    "root", PASSWORD); Statement sql = after.createStatement()) {
                assertTrue(sql.execute("SELECT 1"), "still serving");
            }
        } finally {
            floods.forEach(Process::destroyForcibly);
            server.close();
        }
    }

    private interface Attempt<T> {
        T get() throws Exception;
    }

    /**
     * A real client retries a refused connection; during a flood it may have to: a login slower than the flood's
     * turnover of the handshake slots (a loaded machine) is evicted as the oldest half-open connection.
     */
    private static <T> T retrying(Attempt<T> attempt) throws Exception {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (Exception | AssertionError e) {
                if (i == 10) {
                    throw new AssertionError("10 attempts failed", e);
                }
                Thread.sleep(500);
            }
        }
    }
}
