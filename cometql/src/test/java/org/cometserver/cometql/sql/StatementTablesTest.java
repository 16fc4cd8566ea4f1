package org.cometserver.cometql.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The table and outcome each statement reports to {@link org.cometserver.cometql.spi.StatementTimings}. */
class StatementTablesTest {
    private final List<String> reported = Collections.synchronizedList(new ArrayList<>());
    private final List<String> tables = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryBackends backends = InMemoryBackends.create();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final CometQlEngine engine = new CometQlEngine(CometQlFixture.CONFIG, backends.backends(), executor,
            executor, (table, nanos, ok) -> {
                tables.add(table);
                reported.add(table + " " + (ok ? "ok" : "error"));
            });
    private final SqlSession session = new SqlSession(7, "root", 0, null);

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    @Test
    void eachStatementReportsItsFirstTableOrNoneOrOther() {
        session.database("CometQL_v1");
        String insert = "INSERT INTO pipes_messages (name, event, message) VALUES ('web_chat', 'e', 'm')";
        run(insert);
        run(insert);
        run("INSERT INTO users_auth (id, hash) VALUES (1, 'abc')");
        run("SELECT hash FROM users_auth WHERE id = 1");
        run("SELECT 1");
        run("SET NAMES utf8");
        run("SHOW TABLES");
        run("SELECT * FROM no_such_table");
        run("NOT A STATEMENT");
        run("abc");
        run("DELETE FROM users_auth WHERE id = 1");
        runPrepared("INSERT INTO users_messages (id, event, message) VALUES (?, ?, ?)", 42L, "e", "later");
        assertEquals(List.of("pipes_messages ok", "pipes_messages ok", "users_auth ok", "users_auth ok", "none ok",
                "none ok", "none ok", "other error", "none error", "other error", "users_auth ok", "users_messages ok"), reported);
        // the same instances each time: the host's lookup is an identity hit, nothing is built per statement
        assertSame(tables.get(0), tables.get(1));
    }

    private void run(String sql) {
        await(engine.execute(session, sql));
    }

    private void runPrepared(String sql, Object... parameters) {
        await(engine.prepare(session, sql).thenCompose(
                query -> engine.executePrepared(session, query, Arrays.asList(parameters))));
    }

    private static void await(CompletionStage<?> stage) {
        try {
            CometQlFixture.await(stage);
        } catch (RuntimeException expected) {
            // errors are reported too
        }
    }
}
