package org.cometserver.server.e2e;

import org.cometserver.server.e2e.RawMysqlClient.Ok;
import org.cometserver.server.e2e.RawMysqlClient.Reply;
import org.cometserver.server.e2e.RawMysqlClient.ResultSet;
import org.cometserver.server.testing.ChildServer;
import org.cometserver.server.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OK means the row survives a crash: 8 writers insert private messages for offline users and channel history
 * rows into a server in a child JVM, which is killed with SIGKILL in the middle of the burst; after a restart on
 * the same store every acknowledged row is there. Three runs per store, embedded H2 and a real MariaDB.
 */
class CrashDurabilityTest {
    private static final int WRITERS = 8;
    private static final int RUNS = 3;
    /** Rows per history channel: below the longest history, so that none is trimmed. */
    private static final int ROWS_PER_CHANNEL = 400;
    /** Rows each writer has had acknowledged when the server is killed. */
    private static final int MIN_ROWS_BEFORE_KILL = 100;

    @TempDir
    Path dir;

    @Test
    void embeddedStoreKeepsEveryAcknowledgedRowAcrossKillNine() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            crashAndCheck("embedded_path = " + dir.resolve("data" + run + "/comet"), run);
        }
    }

    @Test
    void mariaDbStoreKeepsEveryAcknowledgedRowAcrossKillNine() throws Exception {
        MariaDbServer mariaDb = MariaDbServer.shared();
        for (int run = 0; run < RUNS; run++) {
            String database = mariaDb.createDatabase("comet_crash_" + ProcessHandle.current().pid() + "_" + run);
            crashAndCheck("host = " + mariaDb.host() + "\nport = " + mariaDb.port() + "\nuser = " + mariaDb.user()
                    + "\npassword = " + mariaDb.password() + "\nname = " + database, run);
        }
    }

    private void crashAndCheck(String dbSection, int run) throws Exception {
        Path ini = dir.resolve("comet" + run + ".ini");
        Files.writeString(ini, "[main]\npassword = " + MariadbCli.PASSWORD + "\n[ws]\nthread_num = 0\n"
                + "[cometql]\nip = 127.0.0.1\nport = 0\n[db]\n" + dbSection + "\n");
        List<Writer> writers = new ArrayList<>();
        ChildServer server = ChildServer.start(dir, ini, dir.resolve("server" + run + ".log"));
        try {
            int port = server.port(ChildServer.COMETQL);
            for (int w = 0; w < WRITERS; w++) {
                writers.add(new Writer(port, run, w));
            }
            writers.forEach(Thread::start);
            // the kill lands in the middle of a burst that is well under way, whatever the machine's speed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (writers.stream().anyMatch(w -> w.queued.size() < MIN_ROWS_BEFORE_KILL)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            server.kill();
            for (Writer writer : writers) {
                writer.join(30_000);
                assertTrue(writer.failure == null || writer.failure instanceof IOException,
                        "writer ended by the crash, not by " + writer.failure);
            }
        } finally {
            server.kill();
        }
        try (ChildServer restarted = ChildServer.start(dir, ini, dir.resolve("restarted" + run + ".log"));
             RawMysqlClient client = RawMysqlClient.login(restarted.port(ChildServer.COMETQL), "root",
                     MariadbCli.PASSWORD, "CometQL_v1")) {
            int acknowledged = 0;
            for (Writer writer : writers) {
                assertTrue(writer.queued.size() >= 20, "burst under way: " + writer.queued.size());
                Set<String> stored = column(client, "SELECT message FROM users_messages WHERE id = " + writer.user);
                List<String> lost = writer.queued.stream().filter(m -> !stored.contains(m)).toList();
                assertEquals(List.of(), lost, "acknowledged private messages lost (run " + run + ")");
                Set<String> history = new HashSet<>();
                for (int channel = 0; channel <= writer.history.size() / ROWS_PER_CHANNEL; channel++) {
                    history.addAll(column(client, "SELECT message FROM pipes_messages WHERE name = '"
                            + writer.channel(channel) + "'"));
                }
                List<String> lostHistory = writer.history.stream().filter(m -> !history.contains(m)).toList();
                assertEquals(List.of(), lostHistory, "acknowledged history rows lost (run " + run + ")");
                acknowledged += writer.queued.size() + writer.history.size();
            }
            assertTrue(acknowledged > 0);
        }
    }

    /** Inserts a private message and a history row per round; records each only once its OK arrived. */
    private static final class Writer extends Thread {
        final long user;
        final int run;
        final int index;
        final int port;
        final List<String> queued = new CopyOnWriteArrayList<>();
        final List<String> history = new CopyOnWriteArrayList<>();
        volatile Exception failure;

        Writer(int port, int run, int index) {
            this.port = port;
            this.run = run;
            this.index = index;
            this.user = 900_000 + index;
        }

        String channel(int n) {
            return "crash_" + run + "_" + index + "_" + n;
        }

        @Override
        public void run() {
            try (RawMysqlClient client = RawMysqlClient.login(port, "root", MariadbCli.PASSWORD, "CometQL_v1")) {
                for (int n = 0; ; n++) {
                    String text = "w" + index + "-" + n;
                    if (n % ROWS_PER_CHANNEL == 0) {
                        ok(client, "INSERT INTO pipes_settings (name, length) VALUES ('"
                                + channel(n / ROWS_PER_CHANNEL) + "', " + ROWS_PER_CHANNEL + ")");
                    }
                    ok(client, "INSERT INTO users_messages (id, event, message) VALUES (" + user + ", 'e', '"
                            + text + "')");
                    queued.add(text);
                    ok(client, "INSERT INTO pipes_messages (name, event, message) VALUES ('"
                            + channel(n / ROWS_PER_CHANNEL) + "', 'e', '" + text + "')");
                    history.add(text);
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        private static void ok(RawMysqlClient client, String sql) throws IOException {
            Reply reply = client.query(sql);
            if (!(reply instanceof Ok)) {
                throw new IOException("not OK: " + reply + " for " + sql);
            }
        }
    }

    private static Set<String> column(RawMysqlClient client, String sql) throws IOException {
        Reply reply = client.query(sql);
        if (!(reply instanceof ResultSet rows)) {
            throw new AssertionError(sql + " -> " + reply);
        }
        Set<String> values = new HashSet<>();
        rows.rows().forEach(row -> values.add(row.get(0)));
        return values;
    }
}
