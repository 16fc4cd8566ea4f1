package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.ConferenceBackend.Member;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Point reads of in-memory tables (issue 13): once planned, {@code SELECT … FROM conference_members WHERE name = ?
 * AND user_id = ?} is answered on the caller's thread (the event loop), with Calcite's columns and rows; other
 * shapes still run on the executor. The executor here only queues, so which statements needed it is exact.
 */
class PointReadPlanTest {
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private final Executor executor = queued::add;
    private final InMemoryBackends backends = InMemoryBackends.create();
    private final CometQlEngine engine = new CometQlEngine(CometQlFixture.CONFIG, backends.backends(), executor,
            executor);
    private final SqlSession session = new SqlSession(7, "root", 0, null);

    @BeforeEach
    void members() {
        session.database("CometQL_v1");
        backends.members.add(new Member("101", 2, 100, 120, "m-1", false, false, true, true, false, "fs1", "web", ""));
        backends.members.add(new Member("101", 3, 101, 0, "m-2", true, false, false, false, false, "fs1", "phone",
                "+4930123456"));
        backends.members.add(new Member("202", 2, 102, 0, "m-3", false, false, false, false, false, "fs1", "web", ""));
    }

    @Test
    void keyedEqualitiesAreAnsweredOnTheCallersThreadOncePlanned() {
        String sql = "SELECT member_id FROM conference_members WHERE name = ? AND user_id = ?";
        // the prepare planned it (on the executor): every execution is then answered here
        assertEquals(List.of("member_id=m-2"), inline(() -> prepared(sql, "101", 3L)));
        assertEquals(List.of("member_id=m-3"), inline(() -> prepared(sql, "202", 2L)));
        assertEquals(List.of(), inline(() -> prepared(sql, "101", 9L)));
        assertEquals(List.of(), inline(() -> prepared(sql, "999", 2L)));
        // as Calcite binds them: a quoted number is the number, NULL matches nothing
        assertEquals(List.of("member_id=m-1"), inline(() -> prepared(sql, "101", "2")));
        assertEquals(List.of(), inline(() -> prepared(sql, "101", null)));
        assertEquals(List.of(), inline(() -> prepared(sql, null, 2L)));
    }

    @Test
    void textStatementsOfTheSameDigestShareThePlan() {
        assertEquals(List.of("user_id=3; kind=phone; number=+4930123456"),
                viaExecutor(() -> text("SELECT user_id, kind, number FROM conference_members WHERE user_id = 3 AND name = '101'")));
        assertEquals(List.of("user_id=2; kind=web; number="),
                inline(() -> text("SELECT user_id, kind, number FROM conference_members WHERE user_id = 2 AND name = '101'")));
        assertEquals(List.of("name=202; muted=0"),
                viaExecutor(() -> text("SELECT conference_members.name, muted FROM conference_members WHERE 2 = user_id AND '202' = name")));
        assertEquals(List.of("name=101; muted=1"),
                inline(() -> text("SELECT conference_members.name, muted FROM conference_members WHERE 3 = user_id AND '101' = name")));
    }

    @Test
    void starListsEveryColumnInTableOrder() {
        String sql = "SELECT * FROM conference_members WHERE name = ?";
        StatementResult.Rows rows = assertInstanceOf(StatementResult.Rows.class, await(prepared(sql, "101")));
        assertEquals(List.of("name", "user_id", "join_time", "last_talking", "member_id", "muted", "deaf", "talking",
                "video", "vmuted", "node", "floor", "kind", "number"),
                rows.columns().stream().map(ResultColumn::name).toList());
        assertEquals(List.of("101", "2", "100", "120", "m-1", "0", "0", "1", "1", "0", "fs1", "0", "web", ""),
                Arrays.asList(rows.rows().get(0)));
        assertEquals(2, rows.rows().size());
    }

    @Test
    void aBadNumberIsRefusedAsCalciteRefusesIt() {
        String sql = "SELECT member_id FROM conference_members WHERE name = ? AND user_id = ?";
        CometQlException refused = assertThrows(CometQlException.class, () -> await(prepared(sql, "101", "x1")));
        CometQlException byCalcite = assertThrows(CometQlException.class,
                () -> await(prepared(sql + " LIMIT 5", "101", "x1")));
        assertEquals(byCalcite.code() + " " + byCalcite.getMessage(), refused.code() + " " + refused.getMessage());
        assertEquals(12, refused.code());
    }

    @Test
    void updateAndDeleteSelectTheirKeysWithThePointRead() {
        // still on the executor (they send commands to FreeSWITCH), the same members as through Calcite
        assertEquals(List.of(), viaExecutor(ok(() -> text(
                "UPDATE conference_members SET muted = 1 WHERE name = '101' AND user_id = '3'"))));
        assertEquals(List.of(), viaExecutor(ok(() -> text(
                "UPDATE conference_members SET muted = 0 WHERE name = '101' AND user_id = 2"))));
        assertEquals(List.of(), viaExecutor(ok(() -> text(
                "UPDATE conference_members SET muted = 0 WHERE name = '101' AND user_id = 9"))));
        assertEquals(List.of(), viaExecutor(ok(() -> text(
                "DELETE FROM conference_members WHERE user_id = 2 AND name = '202'"))));
        assertEquals(List.of("101:[3]:MemberChanges[muted=true, deaf=null, videoMuted=null, floor=null]",
                "101:[2]:MemberChanges[muted=false, deaf=null, videoMuted=null, floor=null]"), backends.updated);
        assertEquals(List.of("202:[2]"), backends.kicked);
    }

    @Test
    void otherShapesStillRunOnTheExecutor() {
        for (String sql : List.of("SELECT member_id FROM conference_members WHERE user_id = 2",
                "SELECT member_id FROM conference_members WHERE name = '101' OR name = '202'",
                "SELECT member_id FROM conference_members WHERE name = '101' AND user_id > 2",
                "SELECT member_id FROM conference_members WHERE name = '101' LIMIT 1",
                "SELECT DISTINCT name FROM conference_members WHERE name = '101'",
                "SELECT m.member_id FROM conference_members m WHERE m.name = '101'",
                "SELECT UPPER(kind) FROM conference_members WHERE name = '101'",
                "SELECT name FROM conference_settings WHERE name = '101'")) {
            viaExecutor(() -> text(sql));
            viaExecutor(() -> text(sql));
        }
    }

    /** Prepares (planning on the executor, run here at once), then executes. */
    private CompletionStage<StatementResult> prepared(String sql, Object... parameters) {
        PreparedQuery query = await(engine.prepare(session, sql));
        return engine.executePrepared(session, query, Arrays.asList(parameters));
    }

    private CompletionStage<StatementResult> text(String sql) {
        return engine.execute(session, sql);
    }

    /** Rows of a statement answered before it returned, with nothing handed to the executor. */
    private List<String> inline(Supplier<CompletionStage<StatementResult>> statement) {
        CompletableFuture<StatementResult> answer = statement.get().toCompletableFuture();
        assertTrue(answer.isDone(), "answered on the caller's thread");
        assertTrue(queued.isEmpty(), "nothing for the executor");
        return CometQlFixture.Check.format(assertInstanceOf(StatementResult.Rows.class, answer.join()));
    }

    /** Rows of a statement that needed the executor. */
    private List<String> viaExecutor(Supplier<CompletionStage<StatementResult>> statement) {
        CompletableFuture<StatementResult> answer = statement.get().toCompletableFuture();
        assertFalse(answer.isDone(), "waits for the executor");
        runQueued();
        return CometQlFixture.Check.format(assertInstanceOf(StatementResult.Rows.class, await(answer)));
    }

    /** An OK statement as no rows, so that {@link #viaExecutor} takes it. */
    private static Supplier<CompletionStage<StatementResult>> ok(Supplier<CompletionStage<StatementResult>> statement) {
        return () -> statement.get().thenApply(result -> {
            assertInstanceOf(StatementResult.Ok.class, result);
            return new StatementResult.Rows(List.of(), List.of());
        });
    }

    private void runQueued() {
        for (Runnable task = queued.poll(); task != null; task = queued.poll()) {
            task.run();
        }
    }

    private <T> T await(CompletionStage<T> stage) {
        runQueued();
        return CometQlFixture.await(stage);
    }
}
