package org.cometserver.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server for tests: one per JVM, started on first use in a temporary data directory on a free
 * loopback port, stopped (and its directory removed) by a shutdown hook. Root logs in with an empty password over
 * TCP. Fails with a clear message when the Debian packages are missing; tests never skip.
 */
public final class MariaDbServer {
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final long START_TIMEOUT_MILLIS = 60_000;
    private static MariaDbServer shared;

    private final Path dataDir;
    private final int port;
    private final Process process;

    private MariaDbServer(Path dataDir, int port, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            shared = start();
            MariaDbServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "mariadb-test-stop"));
        }
        return shared;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    /** Creates the database when missing and returns its name. */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + name + "`");
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on test MariaDB", e);
        }
    }

    /** Connector/J URL of a database on this server (empty name: no default database). */
    public String jdbcUrl(String db) {
        return "jdbc:mysql://" + host() + ":" + port + "/" + db + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    private static MariaDbServer start() {
        for (Path binary : List.of(INSTALL_DB, SERVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " not found: install the Debian packages mariadb-server "
                        + "mariadb-client (apt-get install -y mariadb-server mariadb-client)");
            }
        }
        try {
            Path dataDir = Files.createTempDirectory("comet-mariadb-");
            run(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + dataDir, "--user=root",
                    "--auth-root-authentication-method=normal", "--skip-test-db"), dataDir.resolve("install.log"));
            int port = freePort();
            Process process = new ProcessBuilder(SERVER.toString(), "--no-defaults", "--datadir=" + dataDir,
                    "--socket=" + dataDir.resolve("sock"), "--port=" + port, "--bind-address=127.0.0.1",
                    "--user=root", "--skip-log-bin", "--pid-file=" + dataDir.resolve("mariadb.pid"))
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("server.log").toFile())
                    .start();
            MariaDbServer server = new MariaDbServer(dataDir, port, process);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test MariaDB", e);
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                    + "\n" + Files.readString(log));
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ":\n"
                        + Files.readString(dataDir.resolve("server.log")));
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(""), user(), password())) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("mariadbd did not accept connections within " + START_TIMEOUT_MILLIS
                + " ms on port " + port, last);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dataDir);
    }

    /** Also {@link RedisServer}'s. */
    static void deleteRecursively(Path dir) {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: the directory lives under the temp folder
            }
        }
    }

    /** Also {@link RedisServer}'s. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mariadbd", e);
        }
    }
}
