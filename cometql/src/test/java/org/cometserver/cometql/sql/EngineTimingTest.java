package org.cometserver.cometql.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prints the cost of cached statements (a quick loop, not a benchmark; no timing assertions): the INSERT INTO
 * pipes_messages hot path (tokenize, plan-cache hit, inline publish) and a key SELECT through Calcite.
 */
class EngineTimingTest {
    private final CometQlFixture f = new CometQlFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void cachedInsertAndSelect() {
        f.backends.setAuthHash(0, 1, "abc");
        int warmup = 20_000;
        int runs = 50_000;
        long insert = time(warmup, runs, i -> "INSERT INTO pipes_messages (name, event, message) VALUES ('web_chat', "
                + "'ev', 'message number " + i + "')");
        long select = time(warmup / 10, runs / 10, i -> "SELECT * FROM users_auth WHERE id = " + (i % 3 + 1));
        SqlTokenizer tokenizer = new SqlTokenizer(java.util.Set.of("name", "event", "message"));
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            tokenizer.digest("INSERT INTO pipes_messages (name, event, message) VALUES ('web_chat', 'ev', 'm " + i + "')");
        }
        System.out.printf("tokenize: %.2f us/op%n", (System.nanoTime() - start) / 1000.0 / runs);
        System.out.printf("CometQL cached INSERT pipes_messages: %.2f us/op; cached key SELECT: %.2f us/op%n",
                insert / 1000.0, select / 1000.0);
        f.backends.published.clear();
        assertTrue(insert > 0 && select > 0);
    }

    private long time(int warmup, int runs, java.util.function.IntFunction<String> statement) {
        for (int i = 0; i < warmup; i++) {
            CometQlFixture.await(f.engine.execute(f.session, statement.apply(i)));
        }
        f.backends.published.clear();
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            CometQlFixture.await(f.engine.execute(f.session, statement.apply(i)));
        }
        return (System.nanoTime() - start) / runs;
    }
}
