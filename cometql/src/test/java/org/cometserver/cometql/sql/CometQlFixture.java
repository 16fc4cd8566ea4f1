package org.cometserver.cometql.sql;

import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.error.CometQlException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An engine over {@link InMemoryBackends} with a fluent checker in the style of Calcite's CsvTest:
 * {@code sql("…").returns("id=1; hash=abc")}, {@code .ok(1)}, {@code .fails(15, "Table doesn't exist")}.
 */
final class CometQlFixture implements AutoCloseable {
    static final CometQlConfig CONFIG = new CometQlConfig(CometQlConfig.CPPCOMET_VERSION, 64 * 1024 * 1024, 9000, 256,
            50, 1000, Duration.ofHours(8), true, 30_000);

    final InMemoryBackends backends = InMemoryBackends.create();
    final ExecutorService executor;
    final CometQlEngine engine;
    final SqlSession session = new SqlSession(7, "root", 0, null);

    CometQlFixture() {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "cometql-exec-" + threads.incrementAndGet()));
        engine = new CometQlEngine(CONFIG, backends.backends(), executor, executor);
        session.database("CometQL_v1");
    }

    Check sql(String sql) {
        return new Check(() -> engine.execute(session, sql), sql);
    }

    Check prepared(String sql, Object... parameters) {
        return new Check(() -> engine.prepare(session, sql).thenCompose(
                query -> engine.executePrepared(session, query, Arrays.asList(parameters))), sql);
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** One statement and what it must answer. */
    static final class Check {
        private final java.util.function.Supplier<CompletionStage<StatementResult>> run;
        private final String sql;

        Check(java.util.function.Supplier<CompletionStage<StatementResult>> run, String sql) {
            this.run = run;
            this.sql = sql;
        }

        StatementResult result() {
            return await(run.get());
        }

        StatementResult.Rows rows() {
            StatementResult result = result();
            return assertInstanceOf(StatementResult.Rows.class, result, sql);
        }

        /** Rows as {@code col=value; col=value}, in order. */
        Check returns(String... expected) {
            assertEquals(List.of(expected), format(rows()), sql);
            return this;
        }

        /** Rows as {@code col=value; …}, any order. */
        Check returnsUnordered(String... expected) {
            List<String> actual = new ArrayList<>(format(rows()));
            List<String> wanted = new ArrayList<>(List.of(expected));
            actual.sort(null);
            wanted.sort(null);
            assertEquals(wanted, actual, sql);
            return this;
        }

        Check columns(String... labels) {
            assertEquals(List.of(labels), rows().columns().stream().map(ResultColumn::name).toList(), sql);
            return this;
        }

        Check returnsCount(int count) {
            assertEquals(count, rows().rows().size(), sql);
            return this;
        }

        Check ok(long affectedRows) {
            StatementResult result = result();
            StatementResult.Ok ok = assertInstanceOf(StatementResult.Ok.class, result, sql);
            assertEquals(affectedRows, ok.affectedRows(), sql + " affected rows");
            return this;
        }

        Check ok(long affectedRows, long lastInsertId) {
            StatementResult.Ok ok = assertInstanceOf(StatementResult.Ok.class, result(), sql);
            assertEquals(affectedRows, ok.affectedRows(), sql + " affected rows");
            assertEquals(lastInsertId, ok.lastInsertId(), sql + " last insert id");
            return this;
        }

        Check fails(int code, String message) {
            try {
                StatementResult result = result();
                fail(sql + " should fail with " + code + " but gave " + result);
            } catch (CometQlException e) {
                assertEquals(code + " " + message, e.code() + " " + e.getMessage(), sql);
                assertEquals("HY000", e.sqlState());
            }
            return this;
        }

        static List<String> format(StatementResult.Rows rows) {
            List<String> lines = new ArrayList<>();
            for (String[] row : rows.rows()) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == 0 ? "" : "; ").append(rows.columns().get(i).name()).append('=').append(row[i]);
                }
                lines.add(line.toString());
            }
            return lines;
        }
    }
}
