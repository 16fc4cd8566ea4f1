package org.cometserver.server.e2e.ws;

import org.cometserver.server.CometServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9: on a fresh server process (a child JVM) the first browser connection gets its {@code serverInfo} in the
 * same order of time as the tenth. Before the WebSocket path was warmed up at start, the first took ≈300 ms to
 * upgrade and ≈400 ms more to be greeted on an idle machine (2.9–4.9 s in all here, on loaded cores); later ones
 * 1–17 ms (CppComet: 15 ms). Connections are sequential and anonymous, as a page's first visit.
 */
class FirstConnectionLatencyTest {
    private static final int CONNECTIONS = 10;
    private static final String PATH = "/ws/sesion=&myid=&devid=0&v=4.08&uuid=firstConnectionProbe000000000000&api=js";
    private static final Pattern LISTENING = Pattern.compile(".*WebSocket listening on 127\\.0\\.0\\.1:(\\d+).*");
    /** Below this, any first connection counts as fast (a timer tick, a busy core shared with other processes). */
    private static final double FLOOR_MILLIS = 100;
    private static final double MAX_RATIO = 10;

    @TempDir
    Path dir;

    @Test
    void firstGreetingAsFastAsTheTenth() throws Exception {
        warmUpThisClient();
        Path log = dir.resolve("server.log");
        Process server = startServer(log);
        try {
            int port = awaitPort(server, log);
            double[][] millis = new double[CONNECTIONS][];
            for (int i = 0; i < CONNECTIONS; i++) {
                millis[i] = connect(port);
            }
            double[] first = millis[0];
            double[] tenth = millis[CONNECTIONS - 1];
            System.out.printf(Locale.ROOT, "fresh server: 1st connection upgrade %.1f ms, serverInfo %.1f ms;"
                    + " 10th upgrade %.1f ms, serverInfo %.1f ms%n", first[0], first[1], tenth[0], tenth[1]);
            assertTrue(first[1] <= Math.max(FLOOR_MILLIS, MAX_RATIO * tenth[1]),
                    "first serverInfo after " + first[1] + " ms, tenth after " + tenth[1] + " ms");
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Milliseconds from connecting to the 101 answer, and to the {@code serverInfo} frame. */
    private static double[] connect(int port) {
        long start = System.nanoTime();
        try (RawWsSocket socket = RawWsSocket.upgraded(port, PATH)) {
            long upgraded = System.nanoTime();
            String greeting = socket.readText().text();
            long greeted = System.nanoTime();
            assertTrue(greeting.contains("\"event\":\"serverInfo\""), greeting);
            return new double[] {(upgraded - start) / 1e6, (greeted - start) / 1e6};
        }
    }

    /** Loads this JVM's client classes against a local stand-in: the first measured connection pays the server's only. */
    private static void warmUpThisClient() throws Exception {
        try (ServerSocket standIn = new ServerSocket(0)) {
            Thread answer = new Thread(() -> {
                try (Socket s = standIn.accept(); OutputStream out = s.getOutputStream()) {
                    s.getInputStream().read(new byte[4096]);
                    out.write("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[] {(byte) 0x81, 2, 'h', 'i'});
                } catch (IOException ignored) {
                    // the client reports what it missed
                }
            });
            answer.start();
            try (RawWsSocket client = RawWsSocket.upgraded(standIn.getLocalPort(), PATH)) {
                client.readText();
            }
            answer.join();
        }
    }

    private Process startServer(Path log) throws IOException {
        Path ini = dir.resolve("comet.ini");
        Files.writeString(ini, "[main]\npassword = CometQLPassword\n[db]\nembedded_path = " + dir.resolve("data/c")
                + "\n[cometql]\nip = 127.0.0.1\nport = 0\n[ws]\nip = 127.0.0.1\nport = 0\n");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CometServer.class.getName(), "--config", ini.toString());
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static int awaitPort(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try (BufferedReader lines = Files.newBufferedReader(log)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.matches()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not log its WebSocket port: " + Files.readString(log));
    }
}
