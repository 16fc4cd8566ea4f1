package org.cometserver.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} for tests, like {@link MariaDbServer}: one shared per JVM ({@link #shared}), or a
 * private one ({@link #startPrivate}) that an outage test stops and restarts on the same port. Listens on loopback
 * only, in a temporary directory, with an append-only file synced on every write so what Redis acknowledged survives
 * a restart; {@link #startSentinel} adds a Sentinel in front of it. Stopped by a shutdown hook; fails with a clear message when the Debian package is missing.
 */
public final class RedisServer {
    private static final Path SERVER = Path.of("/usr/bin/redis-server");
    private static final long START_TIMEOUT_MILLIS = 30_000;
    private static RedisServer shared;

    private final Path dir;
    private final int port;
    /** The Sentinel's configuration file, or null for a Redis server. */
    private final Path sentinelConfig;
    private Process process;

    private RedisServer(Path dir, int port, Path sentinelConfig) {
        this.dir = dir;
        this.port = port;
        this.sentinelConfig = sentinelConfig;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = startPrivate();
        }
        return shared;
    }

    /** A server of the caller's own, on a free port; {@link #close} stops it and removes its directory. */
    public static RedisServer startPrivate() {
        checkInstalled();
        try {
            return started(new RedisServer(Files.createTempDirectory("comet-redis-"), MariaDbServer.freePort(), null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test redis-server", e);
        }
    }

    /**
     * A Sentinel ({@code redis-server --sentinel}, same package) watching this server as master {@code master}: a
     * client given {@code redis-sentinel://127.0.0.1:<its port>#<master>} finds this server through it.
     */
    public RedisServer startSentinel(String master) {
        checkInstalled();
        try {
            Path sentinelDir = Files.createTempDirectory("comet-sentinel-");
            int sentinelPort = MariaDbServer.freePort();
            Path config = sentinelDir.resolve("sentinel.conf");
            Files.writeString(config, "port " + sentinelPort + "\nbind 127.0.0.1\ndir " + sentinelDir
                    + "\nsentinel monitor " + master + " 127.0.0.1 " + port + " 1\n");
            return started(new RedisServer(sentinelDir, sentinelPort, config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test redis sentinel", e);
        }
    }

    private static void checkInstalled() {
        if (!Files.isExecutable(SERVER)) {
            throw new IllegalStateException(SERVER + " not found: install the Debian package redis-server "
                    + "(apt-get install -y redis-server)");
        }
    }

    private static RedisServer started(RedisServer server) throws IOException {
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-test-stop"));
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Empties every database (between tests on the shared server). */
    public void flushAll() {
        String reply = command("FLUSHALL");
        if (!reply.startsWith("+OK")) {
            throw new IllegalStateException("FLUSHALL answered " + reply);
        }
    }

    /** Stops the server (SIGTERM, as an operator would); {@link #restart} brings it back on the same port. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Suspends the server (SIGSTOP): connections stay open but nothing answers, as with a hung Redis. */
    public void freeze() {
        signal("-STOP");
    }

    /** Resumes a {@link #freeze frozen} server (SIGCONT). */
    public void thaw() {
        signal("-CONT");
    }

    private synchronized void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " failed for redis-server " + process.pid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the stopped server again, same port and data. */
    public synchronized void restart() {
        if (process != null) {
            throw new IllegalStateException("redis-server on port " + port + " is running");
        }
        try {
            start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the test redis-server", e);
        }
    }

    /** Stops the server and removes its directory. */
    public synchronized void close() {
        if (process != null) {
            signal("-CONT"); // a frozen server cannot take SIGTERM
        }
        stop();
        MariaDbServer.deleteRecursively(dir);
    }

    private synchronized void start() throws IOException {
        List<String> command = sentinelConfig != null
                ? List.of(SERVER.toString(), sentinelConfig.toString(), "--sentinel")
                : List.of(SERVER.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--protected-mode", "yes");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ":\n"
                        + Files.readString(dir.resolve("server.log")));
            }
            try {
                if (command("PING").startsWith("+PONG")) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            sleep(50);
        }
        stop();
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT_MILLIS
                + " ms on port " + port);
    }

    /** {@code INFO <section>}: Redis's "key:value" lines (e.g. {@code commandstats}: calls and failures per command). */
    public String info(String section) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder header = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                header.append((char) c);
            }
            String length = header.toString().strip();
            if (!length.startsWith("$")) {
                throw new IllegalStateException("INFO answered " + length);
            }
            byte[] body = new byte[Integer.parseInt(length.substring(1))];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** One inline command over a fresh connection; returns the first reply line. */
    /** Sends one inline command on a connection of its own and returns the first line of the reply. */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().strip();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
