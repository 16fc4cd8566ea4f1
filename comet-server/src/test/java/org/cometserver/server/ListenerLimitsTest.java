package org.cometserver.server;

import org.cometserver.server.config.CometConfig;
import org.cometserver.server.e2e.ws.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-listener admission: connection limits, per-address limits, eviction of idle handshakes, handshake timeout. */
class ListenerLimitsTest {
    @TempDir
    Path dir;

    private CometServer start(String ws, String cometql) {
        return CometServer.start(CometConfig.parse("[ws]\nip = 127.0.0.1\nport = 0\n" + ws
                + "[cometql]\nip = 127.0.0.1\nport = 0\n" + cometql + "[db]\nembedded_path = " + dir.resolve("c")
                + "\n"));
    }

    @Test
    void fullListenerClosesItsOldestIdleHandshakeForANewcomer() throws Exception {
        try (CometServer server = start("max_connections = 3\n", "");
             Socket first = admitted(server, "127.0.0.1", 1);
             Socket second = admitted(server, "127.0.0.1", 2);
             Socket third = admitted(server, "127.0.0.1", 3)) {
            try (Socket newcomer = connect(server.wsPort(), "127.0.0.1")) {
                assertTrue(closedByServer(first), "the oldest idle handshake made room");
                assertEquals("HTTP/1.1 200 OK", statusLine(newcomer, "/info"), "the newcomer is served");
                assertTrue(isOpen(second) && isOpen(third));
            }
        }
    }

    @Test
    void anAddressOverItsLimitIsRefusedWhileOthersAreServed() throws Exception {
        try (CometServer server = start("max_connections_per_ip = 2\n", "");
             Socket a = admitted(server, "127.0.0.2", 1);
             Socket b = admitted(server, "127.0.0.2", 2)) {
            Socket refused = connect(server.wsPort(), "127.0.0.2");
            Socket other = connect(server.wsPort(), "127.0.0.3");
            assertEquals("HTTP/1.1 503 Service Unavailable", firstLine(refused));
            assertTrue(closedByServer(refused));
            assertEquals("HTTP/1.1 200 OK", statusLine(other, "/info"));
            assertTrue(isOpen(a) && isOpen(b));
            refused.close();
            other.close();
        }
    }

    @Test
    void handshakesThatDoNotCompleteInTimeAreClosed() throws Exception {
        try (CometServer server = start("handshake_timeout = 1\n", "handshake_timeout = 1\n");
             Socket ws = connect(server.wsPort(), "127.0.0.1");
             Socket cometql = connect(server.cometQlPort(), "127.0.0.1")) {
            long start = System.nanoTime();
            assertTrue(closedByServer(ws), "slowloris on the WebSocket port closed");
            assertTrue(closedByServer(cometql), "a CometQL client that never logs in closed");
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds < 3, "closed after about the timeout, took " + seconds + " s");
            Eventually.until("slots given back", () -> server.admission("ws").openConnections() == 0
                    && server.admission("cometql").openConnections() == 0, () -> "");
        }
    }

    @Test
    void aListenerAtItsLimitWithNoHandshakeToCloseRefusesWithItsProtocolsError() throws Exception {
        try (CometServer server = start("", "max_connections = 1\n");
             Socket waiting = connect(server.cometQlPort(), "127.0.0.1")) {
            Eventually.until("admitted", () -> server.admission("cometql").openConnections() == 1, () -> "");
            // the only slot is taken by a handshake, which is closed for the newcomer
            try (Socket newcomer = connect(server.cometQlPort(), "127.0.0.1")) {
                assertTrue(closedByServer(waiting));
                assertEquals(10, newcomer.getInputStream().readNBytes(5)[4], "newcomer greeted (protocol 10)");
            }
        }
    }

    /**
     * Connects to the WebSocket port and waits until the server counted it ({@code open} in all): connections are
     * admitted by two event loops, so without waiting the order of admission could differ from the order of connects.
     */
    private static Socket admitted(CometServer server, String from, int open) throws IOException {
        // the start's warm-up asks the port for /info: its connections may still hold slots for a moment, and would
        // make "open" reached before this one is counted (and be the oldest handshake, not the test's first)
        Eventually.until((open - 1) + " open before", () -> server.admission("ws").openConnections() == open - 1,
                () -> server.admission("ws").openConnections());
        Socket socket = connect(server.wsPort(), from);
        Eventually.until(open + " admitted", () -> server.admission("ws").openConnections() == open,
                () -> server.admission("ws").openConnections());
        return socket;
    }

    static Socket connect(int port, String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Reads until the server closes; false when the socket stays open for 5 s. Skips whatever arrives first. */
    static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // the greeting or a refusal
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static boolean isOpen(Socket socket) throws IOException {
        socket.setSoTimeout(100);
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5_000);
        }
    }

    private static String statusLine(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return firstLine(socket);
    }

    private static String firstLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        List<Byte> line = new ArrayList<>();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.add((byte) b);
            }
        }
        byte[] bytes = new byte[line.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = line.get(i);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
