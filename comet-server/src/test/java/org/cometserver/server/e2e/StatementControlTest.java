package org.cometserver.server.e2e;

import org.cometserver.server.e2e.RawMysqlClient.Closed;
import org.cometserver.server.e2e.RawMysqlClient.Err;
import org.cometserver.server.e2e.RawMysqlClient.Ok;
import org.cometserver.server.e2e.RawMysqlClient.Reply;
import org.cometserver.server.e2e.RawMysqlClient.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runaway statements: {@code max_execution_time}, {@code KILL [QUERY|CONNECTION]}, {@code SHOW FULL PROCESSLIST},
 * cancel on disconnect, and heavy joins never starving point statements. The runaway is a 4-way cross join of
 * 300 users_auth rows (8·10⁹ rows to count).
 */
class StatementControlTest {
    private static final String CROSS_JOIN =
            "SELECT COUNT(*) FROM users_auth a, users_auth b, users_auth c, users_auth d";
    private static final String SCAN = "SELECT COUNT(*) FROM users_auth";
    private static E2eServer server;
    private static final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeAll
    static void startServer() throws IOException {
        server = E2eServer.embedded();
        try (RawMysqlClient client = login("root")) {
            StringJoiner rows = new StringJoiner(", ", "INSERT INTO users_auth (id, hash) VALUES ", "");
            for (int id = 1; id <= 300; id++) {
                rows.add("(" + id + ", 'hash" + id + "')");
            }
            assertInstanceOf(Ok.class, client.query(rows.toString()));
            // plans the join once (seconds on a busy machine), so that the tests time its execution only
            assertInstanceOf(Ok.class, client.query("SET max_execution_time = 1"));
            long start = System.nanoTime();
            assertEquals(3024, assertInstanceOf(Err.class, client.query(CROSS_JOIN)).code());
            System.out.println("cross join planned in " + elapsedMillis(start) + " ms");
        }
    }

    @AfterAll
    static void stopServer() {
        background.shutdownNow();
        server.close();
    }

    @Test
    void statementOverMaxExecutionTimeIsStoppedWith3024() throws Exception {
        try (RawMysqlClient client = login("root")) {
            assertInstanceOf(Ok.class, client.query("SET SESSION max_execution_time = 300"));
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                Err err = assertInstanceOf(Err.class, client.query(CROSS_JOIN));
                assertEquals(new Err(3024, "HY000",
                        "Query execution was interrupted, maximum statement execution time exceeded"), err);
                assertTrue(elapsedMillis(start) < 5_000, "answered after " + elapsedMillis(start) + " ms");
            }
            assertInstanceOf(Ok.class, client.query("SET max_execution_time = 0"));
            // the three stopped joins freed their scan threads: a scan runs at once
            long start = System.nanoTime();
            assertEquals(List.of(List.of("300")), assertInstanceOf(ResultSet.class, client.query(SCAN)).rows());
            assertTrue(elapsedMillis(start) < 2_000, "scan waited " + elapsedMillis(start) + " ms");
        }
    }

    @Test
    void killQueryStopsTheStatementAndKeepsTheConnection() throws Exception {
        try (RawMysqlClient victim = login("root"); RawMysqlClient killer = login("root");
             RawMysqlClient stranger = login("7")) {
            String id = connectionId(victim);
            CompletableFuture<Reply> running = runInBackground(victim, CROSS_JOIN);
            awaitRunning(killer, id);
            assertEquals(new Err(1095, "HY000", "You are not owner of thread " + id),
                    stranger.query("KILL QUERY " + id));
            assertEquals(new Err(1094, "HY000", "Unknown thread id: 999999"), killer.query("KILL 999999"));
            assertInstanceOf(Ok.class, killer.query("KILL QUERY " + id));
            assertEquals(new Err(1317, "70100", "Query execution was interrupted"), running.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(List.of("1")), assertInstanceOf(ResultSet.class, victim.query("SELECT 1")).rows());
        }
    }

    @Test
    void killConnectionClosesIt() throws Exception {
        try (RawMysqlClient victim = login("root"); RawMysqlClient killer = login("root")) {
            String id = connectionId(victim);
            CompletableFuture<Reply> running = runInBackground(victim, CROSS_JOIN);
            awaitRunning(killer, id);
            assertInstanceOf(Ok.class, killer.query("KILL CONNECTION " + id));
            Reply reply = running.get(10, TimeUnit.SECONDS);
            assertTrue(reply instanceof Closed || reply instanceof Err e && e.code() == 1317, reply.toString());
        }
    }

    @Test
    void disconnectCancelsTheStatement() throws Exception {
        List<RawMysqlClient> clients = new ArrayList<>();
        try (RawMysqlClient watcher = login("root")) {
            for (int i = 0; i < 2; i++) {
                RawMysqlClient client = login("root");
                clients.add(client);
                String id = connectionId(client);
                client.writePacket(0, ("\u0003" + CROSS_JOIN).getBytes(StandardCharsets.UTF_8));
                awaitRunning(watcher, id);
            }
            for (RawMysqlClient client : clients) {
                client.close();
            }
            // both scan threads were busy with the joins; once cancelled, a scan runs at once
            long start = System.nanoTime();
            assertInstanceOf(ResultSet.class, watcher.query(SCAN));
            assertTrue(elapsedMillis(start) < 3_000, "scan waited " + elapsedMillis(start) + " ms");
        }
    }

    @Test
    void fourCrossJoinsDoNotStarvePointStatements() throws Exception {
        List<RawMysqlClient> heavy = new ArrayList<>();
        List<CompletableFuture<Reply>> running = new ArrayList<>();
        try (RawMysqlClient client = login("root")) {
            pointStatements(client, -1); // planned before the joins start: planning is not what is measured
            for (int i = 0; i < 4; i++) {
                RawMysqlClient joiner = login("root");
                heavy.add(joiner);
                running.add(runInBackground(joiner, CROSS_JOIN));
            }
            for (RawMysqlClient joiner : heavy) {
                awaitRunning(client, IDS.get(joiner));
            }
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                pointStatements(client, i);
                assertTrue(elapsedMillis(start) < 1_000, "point statements took " + elapsedMillis(start) + " ms");
            }
            for (RawMysqlClient joiner : heavy) {
                assertInstanceOf(Ok.class, client.query("KILL QUERY " + IDS.get(joiner)));
            }
            for (CompletableFuture<Reply> reply : running) {
                assertEquals(1317, assertInstanceOf(Err.class, reply.get(10, TimeUnit.SECONDS)).code());
            }
        } finally {
            for (RawMysqlClient joiner : heavy) {
                joiner.close();
            }
        }
    }

    private static void pointStatements(RawMysqlClient client, int i) throws IOException {
        assertInstanceOf(ResultSet.class, client.query("SELECT 1"));
        assertInstanceOf(Ok.class, client.query(
                "INSERT INTO pipes_messages (name, event, message) VALUES ('starve', 'e', 'm" + i + "')"));
        assertInstanceOf(ResultSet.class, client.query("SELECT * FROM users_auth WHERE id = 5"));
    }

    /** Connection ids, learnt while each client was idle (a busy one cannot be asked). */
    private static final Map<RawMysqlClient, String> IDS = new ConcurrentHashMap<>();

    private static String connectionId(RawMysqlClient client) throws IOException {
        String id = assertInstanceOf(ResultSet.class, client.query("SELECT CONNECTION_ID()")).rows().get(0).get(0);
        IDS.put(client, id);
        return id;
    }

    private static CompletableFuture<Reply> runInBackground(RawMysqlClient client, String sql) throws IOException {
        connectionId(client);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.query(sql);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
    }

    /** Waits until {@code SHOW FULL PROCESSLIST} shows connection {@code id} running a statement. */
    private static void awaitRunning(RawMysqlClient watcher, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ResultSet list = assertInstanceOf(ResultSet.class, watcher.query("SHOW FULL PROCESSLIST"));
            assertEquals(List.of("Id", "User", "Host", "db", "Command", "Time", "State", "Info"), list.columns());
            for (List<String> row : list.rows()) {
                if (row.get(0).equals(id) && row.get(4).equals("Query") && row.get(7).contains("users_auth")) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("connection " + id + " never showed its statement");
    }

    private static RawMysqlClient login(String user) throws IOException {
        return RawMysqlClient.login(server.port(), user, MariadbCli.PASSWORD, null);
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
