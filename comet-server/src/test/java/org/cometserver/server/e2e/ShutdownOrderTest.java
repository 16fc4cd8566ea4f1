package org.cometserver.server.e2e;

import org.cometserver.server.e2e.RawMysqlClient.Err;
import org.cometserver.server.e2e.RawMysqlClient.Ok;
import org.cometserver.server.e2e.RawMysqlClient.Reply;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutdown order (issue #8): CometQL stops taking statements first — a statement already running gets its answer,
 * every idle connection ERR 1053 — and only then are browsers closed, with the close code that tells
 * them to reconnect; so nothing a backend was told OK was published to browsers that were already gone.
 */
class ShutdownOrderTest {
    /** Runs until its max_execution_time: 300⁴ rows to count. */
    private static final String LONG_STATEMENT =
            "SELECT COUNT(*) FROM users_auth a, users_auth b, users_auth c, users_auth d";

    @Test
    void backendsAreAnsweredAndToldBeforeBrowsersAreClosed() throws Exception {
        E2eServer server = E2eServer.embedded();
        RecordingTransport browser = new RecordingTransport(7, "shutdown-test");
        assertTrue(server.server().hub().connect(0, browser));
        try (RawMysqlClient running = login(server); RawMysqlClient idle = login(server)) {
            StringJoiner rows = new StringJoiner(", ", "INSERT INTO users_auth (id, hash) VALUES ", "");
            for (int id = 1; id <= 300; id++) {
                rows.add("(" + id + ", 'h" + id + "')");
            }
            assertInstanceOf(Ok.class, running.query(rows.toString()));
            assertInstanceOf(Ok.class, running.query("SET max_execution_time = 2000"));
            CompletableFuture<Disconnect> browserWhenAnswered = new CompletableFuture<>();
            CompletableFuture<Reply> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    Reply reply = running.query(LONG_STATEMENT);
                    browserWhenAnswered.complete(browser.closedWith());
                    return reply;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(300); // the statement is running

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            awaitPortClosed(server.port());

            // unsolicited, as MySQL does: sending a statement now could race the close (a reset drops unread bytes)
            Err refused = assertInstanceOf(Err.class, idle.readReply());
            assertEquals(1053, refused.code());
            assertEquals("Server shutdown in progress", refused.message());
            assertEquals(3024, assertInstanceOf(Err.class, answer.get(20, TimeUnit.SECONDS)).code(),
                    "the running statement got its own answer, not a bare close");
            assertNull(browserWhenAnswered.get(), "browsers were still connected when the backend was answered");
            closing.get(30, TimeUnit.SECONDS);
            assertEquals(Disconnect.SHUTDOWN, browser.closedWith());
            assertEquals(4100, browser.closedWith().code(), "browsers are told to reconnect");
        }
    }

    /** The shutdown has begun once the listening port refuses connections. */
    private static void awaitPortClosed(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("port " + port + " still open");
    }

    private static RawMysqlClient login(E2eServer server) throws IOException {
        return RawMysqlClient.login(server.port(), "root", MariadbCli.PASSWORD, "CometQL_v1");
    }
}
