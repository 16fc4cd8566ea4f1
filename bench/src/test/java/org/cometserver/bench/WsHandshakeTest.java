package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsHandshakeTest {
    @Test
    void computesTheAcceptValueOfRfc6455() {
        // RFC 6455 §1.3's example.
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WsHandshake.acceptValue("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void buildsCppCometsPositionalUrl() {
        String uuid = WsHandshake.randomUuid();
        assertTrue(uuid.matches("[A-Za-z0-9_-]{32}"), uuid);
        assertEquals("/ws/sesion=&myid=&devid=0&v=4.08&uuid=" + uuid + "&api=js", WsHandshake.anonymousPath(uuid));
        String request = new String(WsHandshake.request("127.0.0.1", 8087, "/ws/x", "k"), StandardCharsets.US_ASCII);
        assertTrue(request.startsWith("GET /ws/x HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nSec-WebSocket-Key: k\r\n") && request.endsWith("\r\n\r\n"), request);
    }

    @Test
    void findsTheEndOfTheResponseHead() {
        byte[] bytes = "HTTP/1.1 101 OK\r\nA: b\r\n\r\n\u0081\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(bytes.length - 2, WsHandshake.headEnd(bytes, bytes.length));
        assertEquals(-1, WsHandshake.headEnd(bytes, bytes.length - 3));
    }

    @Test
    void acceptsOnlyA101WithTheRightAcceptValue() {
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        assertDoesNotThrow(() -> WsHandshake.checkResponse("HTTP/1.1 101 Switching Protocols\r\n"
                + "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", key));
        assertThrows(IOException.class, () -> WsHandshake.checkResponse("HTTP/1.1 101 Switching Protocols\r\n"
                + "Sec-WebSocket-Accept: wrong\r\n\r\n", key));
        assertThrows(IOException.class, () -> WsHandshake.checkResponse("HTTP/1.1 406 Not Acceptable\r\n\r\n", key));
    }
}
