package org.cometserver.server.e2e;

import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.MariaDbServer;
import org.cometserver.server.testing.SqlRows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real {@link CometServer} in this JVM for end-to-end tests: ephemeral loopback ports (the WebSocket one kept across
 * restarts), password
 * {@value MariadbCli#PASSWORD}, and a store that outlives {@link #restart()} (a temp embedded H2, or a fresh database
 * on the shared test MariaDB).
 */
public final class E2eServer implements AutoCloseable {
    /** The node name of {@link #withFreeswitch}'s FreeSWITCH ({@code WShost:WSport}). */
    public static final String FREESWITCH_NODE = "fs.example.com:7443";
    private static final AtomicInteger MARIADB_DATABASES = new AtomicInteger();

    private final String dbSection;
    private final String extraIni;
    private final Path tempDir;
    private CometServer server;
    /** Kept across {@link #restart()}, so browsers reconnect to the same URL. */
    private int wsPort;

    private E2eServer(String dbSection, String extraIni, Path tempDir) {
        this.dbSection = dbSection;
        this.extraIni = extraIni;
        this.tempDir = tempDir;
        this.server = start();
    }

    /** With a new embedded H2 store in a temp directory, deleted on {@link #close()}. */
    public static E2eServer embedded() {
        return embedded("");
    }

    /** As {@link #embedded()}, with more {@code comet.ini} sections (e.g. {@code [sip]}). */
    public static E2eServer embedded(String extraIni) {
        try {
            Path dir = Files.createTempDirectory("comet-e2e-");
            return new E2eServer("embedded_path = " + dir.resolve("comet"), extraIni, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #embedded()}, with {@code freeswitch} (the stand-in) as its one {@code [sip] freeswitch} node
     * {@value #FREESWITCH_NODE}; returns once the node's event socket is UP.
     */
    public static E2eServer withFreeswitch(FreeSwitchStandIn freeswitch) {
        return withFreeswitch(freeswitch, "");
    }

    /** As {@link #withFreeswitch(FreeSwitchStandIn)}, with more {@code comet.ini} sections (e.g. {@code [freeswitch]}). */
    public static E2eServer withFreeswitch(FreeSwitchStandIn freeswitch, String extraIni) {
        E2eServer server = embedded("""
                [sip]
                freeswitch = []Server=127.0.0.1,Pwd=ClueCon,Port=%d,WSport=7443,WShost=fs.example.com
                %s
                """.formatted(freeswitch.port(), extraIni));
        try (Connection sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/CometQL_v1?sslMode=DISABLED", "root", MariadbCli.PASSWORD)) {
            Eventually.until("event socket up", () -> SqlRows.query(sql, "SHOW GLOBAL STATUS")
                    .contains("freeswitch_" + FREESWITCH_NODE + "|UP"), () -> SqlRows.query(sql, "SHOW GLOBAL STATUS"));
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException(e);
        }
        return server;
    }

    /** With a new, empty database on the JVM's throwaway MariaDB. */
    public static E2eServer mariaDb() {
        MariaDbServer mariaDb = MariaDbServer.shared();
        String database = mariaDb.createDatabase("comet_e2e_" + ProcessHandle.current().pid() + "_"
                + MARIADB_DATABASES.incrementAndGet());
        return new E2eServer("host = " + mariaDb.host() + "\nport = " + mariaDb.port() + "\nuser = " + mariaDb.user()
                + "\npassword = " + mariaDb.password() + "\nname = " + database, "", null);
    }

    public int port() {
        return server.cometQlPort();
    }

    /** The WebSocket/HTTP port; unlike the CometQL port it stays the same across {@link #restart()}. */
    public int wsPort() {
        return wsPort;
    }

    public CometServer server() {
        return server;
    }

    /** Stops the server and starts a new one on the same store (the port changes). */
    public void restart() {
        server.close();
        server = start();
    }

    @Override
    public void close() {
        server.close();
        if (tempDir != null) {
            deleteRecursively(tempDir);
        }
    }

    private CometServer start() {
        CometServer started = CometServer.start(CometConfig.parse("""
                [main]
                password = %s
                [db]
                %s
                [cometql]
                ip = 127.0.0.1
                port = 0
                [ws]
                ip = 127.0.0.1
                port = %d
                thread_num = 1
                %s
                """.formatted(MariadbCli.PASSWORD, dbSection, wsPort, extraIni)));
        wsPort = started.wsPort();
        return started;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
