package org.cometserver.server;

import org.cometserver.server.config.CometConfig;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CometServerTest {
    @TempDir
    Path dir;

    private CometConfig config(int port, String extra) {
        return CometConfig.parse("[ws]\nip = 127.0.0.1\nport = 0\n"
                + "[cometql]\nip = 127.0.0.1\nport = " + port + "\n[db]\nembedded_path = "
                + dir.resolve("comet") + "\n" + extra);
    }

    @Test
    void servesTheMysqlGreetingOnAnEphemeralPortAndClosesCleanly() throws Exception {
        Path pid = dir.resolve("comet.pid");
        int port;
        try (CometServer server = CometServer.start(config(0, "[main]\npidfile = " + pid + "\n"))) {
            port = server.cometQlPort();
            assertTrue(port > 0);
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
            try (Socket socket = new Socket("127.0.0.1", port)) {
                InputStream in = socket.getInputStream();
                byte[] header = in.readNBytes(5);
                assertEquals(5, header.length);
                assertEquals(0, header[3], "sequence id 0");
                assertEquals(10, header[4], "protocol version 10");
            }
            RecordingTransport browser = new RecordingTransport(1, "u");
            assertTrue(server.hub().connect(0, browser));
            server.close();
            assertEquals("server shutdown", browser.closedWith().reason());
        }
        assertFalse(Files.exists(pid), "pidfile removed at shutdown");
        try (ServerSocket again = new ServerSocket(port)) {
            assertEquals(port, again.getLocalPort(), "port released");
        }
    }

    @Test
    void takenPortIsAOneLineBindFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            BindFailedException e = assertThrows(BindFailedException.class,
                    () -> CometServer.start(config(taken.getLocalPort(), "")));
            assertEquals("cannot bind [cometql] 127.0.0.1:" + taken.getLocalPort() + ": Address already in use",
                    e.getMessage());
        }
        // the failed start released the store: a new server can open it
        CometServer.start(config(0, "")).close();
    }

    @Test
    void cometQlCanBeDisabled() {
        try (CometServer server = CometServer.start(config(0, "[cometql]\nthread_num = 0\n"))) {
            assertEquals(-1, server.cometQlPort());
        }
    }
}
