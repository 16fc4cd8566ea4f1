package org.cometserver.server.e2e.ws;

import org.cometserver.server.e2e.E2eServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8: before the upgrade the {@code [ws]} port accepts a request line of 4 KB and headers of 8 KB, and no body;
 * beyond, it answers 414, 431 or 413 and closes, without buffering what was sent.
 */
class WsHttpLimitsTest {
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    private static final String WS_PATH = "/ws/sesion=&myid=&devid=0&v=4.08&uuid=limitsUUIDlimitsUUIDlimitsUUID01&api=js";

    private static E2eServer server;

    @BeforeAll
    static void start() {
        server = E2eServer.embedded();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestLineOverFourKilobytesIs414() {
        assertAnswered(414, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @Test
    void headersOverEightKilobytesAre431() {
        assertAnswered(431, "GET /info HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(9000) + "\r\n\r\n");
        assertAnswered(431, "GET " + WS_PATH + " HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "X-Big: " + "b".repeat(9000)
                + "\r\n\r\n");
    }

    @Test
    void anyBodyIs413UpgradeIncluded() {
        assertAnswered(413, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(100));
        assertAnswered(413, "GET " + WS_PATH + " HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "Content-Length: 5\r\n\r\nhello");
        assertAnswered(413, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    }

    @Test
    void requestsWithinTheLimitsStillWork() {
        assertAnswered(200, "GET /info HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(6000) + "\r\n\r\n");
        try (RawWsSocket upgraded = RawWsSocket.upgraded(server.wsPort(), WS_PATH)) {
            assertTrue(upgraded.readText().text().contains("serverInfo"));
        }
    }

    private static void assertAnswered(int status, String request) {
        try (RawWsSocket raw = RawWsSocket.tcp(server.wsPort())) {
            raw.write(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = raw.readHttpHead();
            assertTrue(head.startsWith("HTTP/1.1 "), head);
            assertEquals(status, Integer.parseInt(head.substring(9, 12)), head);
            if (status != 200) {
                assertEquals("", raw.drainUntilClosed(), "closed after the refusal");
            }
        }
    }
}
