package org.cometserver.cometql.sql;

import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.schema.CometSchema;
import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.cometql.spi.StatementTimings;
import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.QueryContext;
import org.cometserver.cometql.table.StatementCancel;
import org.cometserver.cometql.table.TableColumn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CometQL SQL engine. A statement is tokenized into a digest (literals → {@code ?}); session statements are
 * answered at once; everything else runs the digest's cached plan ({@link PlanCache}), compiled with Calcite on
 * a miss. A cached plan that only touches non-blocking spi methods (a publish to a channel without history, a key
 * read of an in-memory table: {@link PointReadPlan}) runs on the caller's thread; planning and anything that may reach the store runs on {@code executor}.
 */
public final class CometQlEngine implements QueryEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CometQlEngine.class);
    /** Statement log of {@code useQueryLoger}, a logger of its own so it can be routed to its own file. */
    private static final Logger STATEMENT_LOG = LoggerFactory.getLogger("org.cometserver.cometql.statements");
    private static final String CLUSTER_PREFIX = "cometqlcluster_v1";
    private static final Pattern CLUSTER_STATEMENT =
            Pattern.compile("(?is)\\s*cometqlcluster_v1\\s+set\\s+dev_id\\s*=\\s*(\\d{1,9})\\s*;(.*)");
    private static final int MIN_QUERY_LENGTH = 4;
    private static final String DB_PREFIX = "db_";
    /** dev_ids whose {@link QueryContext} is made once and kept (the others get one per statement). */
    private static final int CACHED_CONTEXTS = 256;

    private final CometQlConfig config;
    private final CometQlBackends backends;
    private final Executor executor;
    private final Executor scanExecutor;
    private final StatementTimings timings;
    private final SessionRegistry sessions = new SessionRegistry();
    private final CometSchema schema = new CometSchema();
    private final SqlTokenizer tokenizer;
    private final PlanCache cache;
    private final StatementPlanner planner;
    private final SessionStatements sessionStatements;
    /** Immutable, so filled lazily without a lock: two threads racing both make an equal one. */
    private final QueryContext[] contexts = new QueryContext[CACHED_CONTEXTS];

    /**
     * @param executor     runs point reads, writes and planning
     * @param scanExecutor runs statements that may read many rows (joins, scans without a key), so that they
     *                     never hold every thread of {@code executor}
     */
    public CometQlEngine(CometQlConfig config, CometQlBackends backends, Executor executor, Executor scanExecutor) {
        this(config, backends, executor, scanExecutor, StatementTimings.NONE);
    }

    /** @param timings told of each executed statement's duration and outcome (the host's metrics) */
    public CometQlEngine(CometQlConfig config, CometQlBackends backends, Executor executor, Executor scanExecutor,
                         StatementTimings timings) {
        this.timings = timings;
        this.config = config;
        this.backends = backends;
        this.executor = executor;
        this.scanExecutor = scanExecutor;
        Set<String> columnNames = new HashSet<>();
        for (CometTable table : schema.cometTables().values()) {
            table.columns().forEach(column -> columnNames.add(column.name()));
        }
        this.tokenizer = new SqlTokenizer(columnNames);
        this.cache = new PlanCache(config.planCacheSize());
        this.planner = new StatementPlanner(schema, new CalciteConnections(schema, config.planCacheSize()), cache,
                config.maxPacketSize());
        this.sessionStatements = new SessionStatements(schema, backends.status(), new SystemVariables(config),
                this::useDatabase, sessions);
    }

    @Override
    public void opened(SqlSession session) {
        sessions.add(session);
    }

    @Override
    public void closed(SqlSession session) {
        sessions.remove(session);
        session.cancelStatement(CometQlErrors.queryInterrupted());
    }

    @Override
    public CompletionStage<StatementResult> execute(SqlSession session, String sql) {
        logStatement(session, sql);
        session.statementStarted(sql, new StatementCancel(timeLimit(session)));
        long started = System.nanoTime();
        return ended(session, started, runText(session, sql));
    }

    private CompletionStage<StatementResult> runText(SqlSession session, String sql) {
        try {
            String statement = stripClusterPrefix(session, checkLength(sql));
            // the hot statements: digest text and values without tokens, straight to their cached plan
            List<Object> values = new ArrayList<>();
            String text = tokenizer.plainDigest(statement, values);
            StatementPlan cached = text == null ? null : cache.get(text);
            if (cached != null) {
                return run(session, cached, values);
            }
            SqlDigest digest = tokenizer.digest(statement);
            if (digest.placeholderCount() > 0) {
                throw CometQlErrors.syntax();
            }
            return run(session, digest, digest.values());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(e));
        }
    }

    @Override
    public CompletionStage<PreparedQuery> prepare(SqlSession session, String sql) {
        logStatement(session, sql);
        try {
            SqlDigest digest = tokenizer.digest(checkLength(sql));
            if (digest.tokens().isEmpty()) {
                throw CometQlErrors.syntax();
            }
            if (sessionStatements.handles(digest)) {
                List<ResultColumn> columns = List.of();
                if (sessionStatements.returnsRows(digest)
                        && sessionStatements.execute(session, digest, digest.values()) instanceof StatementResult.Rows r) {
                    columns = r.columns();
                }
                return CompletableFuture.completedFuture(new CometPreparedQuery(digest, columns));
            }
            StatementPlan cached = cache.get(digest.text());
            if (cached != null) {
                return CompletableFuture.completedFuture(new CometPreparedQuery(digest, cached.columns()));
            }
            return async(session, false, () -> new CometPreparedQuery(digest, planner.plan(digest).columns()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(e));
        }
    }

    @Override
    public CompletionStage<StatementResult> executePrepared(SqlSession session, PreparedQuery query,
                                                            List<Object> parameters) {
        session.statementStarted(query instanceof CometPreparedQuery prepared ? prepared.digest().source() : "",
                new StatementCancel(timeLimit(session)));
        long started = System.nanoTime();
        return ended(session, started, runPrepared(session, query, parameters));
    }

    /**
     * Marks the session idle once {@code stage} completes (at once for statements answered inline) and reports its
     * duration: the one place every executed statement passes.
     */
    private <T> CompletionStage<T> ended(SqlSession session, long started, CompletionStage<T> stage) {
        if (stage instanceof CompletableFuture<T> future && future.isDone()) {
            session.statementEnded();
            timings.completed(session.statementTable(), System.nanoTime() - started, !future.isCompletedExceptionally());
            return stage;
        }
        return stage.whenComplete((result, failure) -> {
            session.statementEnded();
            timings.completed(session.statementTable(), System.nanoTime() - started, failure == null);
        });
    }

    private CompletionStage<StatementResult> runPrepared(SqlSession session, PreparedQuery query,
                                                         List<Object> parameters) {
        try {
            if (!(query instanceof CometPreparedQuery prepared)) {
                throw new CometQlException(CometQlErrors.ER_UNKNOWN_STMT_HANDLER, "Unknown prepared statement");
            }
            if (parameters.size() != prepared.parameterCount()) {
                throw new CometQlException(CometQlErrors.ER_WRONG_ARGUMENTS,
                        "Incorrect arguments to mysqld_stmt_execute");
            }
            return run(session, prepared.digest(), prepared.bind(parameters));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(e));
        }
    }

    /** CppComet §2.2: {@code CometQL_v1}, or {@code db_N} (0 ≤ N < dev_index_size) which switches dev_id to N. */
    @Override
    public void useDatabase(SqlSession session, String database) {
        if (CometSchema.DATABASE.equals(database)) {
            session.database(database);
            return;
        }
        if (database != null && database.startsWith(DB_PREFIX) && database.length() > DB_PREFIX.length()
                && database.length() <= DB_PREFIX.length() + 9 && database.substring(DB_PREFIX.length()).chars()
                .allMatch(Character::isDigit)) {
            int devId = Integer.parseInt(database.substring(DB_PREFIX.length()));
            if (devId < backends.accounts().devIndexSize()) {
                session.devId(devId);
                session.database(database);
                return;
            }
        }
        throw new CometQlException(CometQlErrors.NOT_EXISTS, "Select database failure");
    }

    @Override
    public List<ResultColumn> fieldList(SqlSession session, String table) {
        CometTable found = schema.table(table);
        if (found == null) {
            return List.of();
        }
        return found.columns().stream().map(TableColumn::name).map(name -> new ResultColumn(name, table)).toList();
    }

    private CompletionStage<StatementResult> run(SqlSession session, SqlDigest digest, List<Object> values) {
        if (digest.tokens().isEmpty()) {
            // CppComet: a statement of ignored characters only (";;;") is OK.
            session.statementTable(StatementTimings.NO_TABLE);
            return CompletableFuture.completedFuture(StatementResult.Ok.EMPTY);
        }
        // the plan cache first: it holds the hot statements, and never a session statement
        StatementPlan plan = cache.get(digest.text());
        if (plan != null) {
            return run(session, plan, values);
        }
        if (sessionStatements.handles(digest)) {
            session.statementTable(StatementTimings.NO_TABLE);
            return CompletableFuture.completedFuture(sessionStatements.execute(session, digest, values));
        }
        session.statementTable(planner.table(digest));
        QueryContext context = context(session.devId());
        return async(session, StatementPlanner.scans(digest), () -> planner.plan(digest).execute(context, values));
    }

    /** Runs a cached plan: on the caller's thread when it only needs non-blocking spi calls, else on the executor. */
    private CompletionStage<StatementResult> run(SqlSession session, StatementPlan plan, List<Object> values) {
        session.statementTable(plan.table());
        QueryContext context = context(session.devId());
        StatementResult inline = plan.executeInline(context, values);
        if (inline != null) {
            return CompletableFuture.completedFuture(inline);
        }
        return async(session, plan.scans(), () -> plan.execute(context, values));
    }

    private QueryContext context(int devId) {
        if (devId < 0 || devId >= contexts.length) {
            return new QueryContext(devId, backends, config, false);
        }
        QueryContext context = contexts[devId];
        if (context == null) {
            context = new QueryContext(devId, backends, config, false);
            contexts[devId] = context;
        }
        return context;
    }

    /**
     * Runs {@code work} on the executor ({@code scans}: on the scan executor) under the session's time limit,
     * cancellable by {@code KILL QUERY} and disconnect; the stage fails with a {@link CometQlException} only.
     */
    private <T> CompletionStage<T> async(SqlSession session, boolean scans, Supplier<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        StatementCancel started = session.running();
        StatementCancel cancel = started != null ? started : new StatementCancel(timeLimit(session));
        try {
            (scans ? scanExecutor : executor).execute(() -> {
                try {
                    cancel.check();
                    future.complete(cancel.bind(work));
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(translate(e));
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new CometQlException(CometQlErrors.INTERNAL, "Server is too busy"));
        }
        return future;
    }

    /** The statement time limit of {@code session}, milliseconds; 0: none. */
    private long timeLimit(SqlSession session) {
        return session.maxExecutionTime() >= 0 ? session.maxExecutionTime() : config.maxExecutionTime();
    }

    /** {@code [main] useQueryLoger}: CppComet logged every statement but those starting {@code set }/{@code show }. */
    private void logStatement(SqlSession session, String sql) {
        if (config.logStatements() && !sql.regionMatches(true, 0, "set ", 0, 4)
                && !sql.regionMatches(true, 0, "show ", 0, 5)) {
            STATEMENT_LOG.info("dev_id={} connection={}: {}", session.devId(), session.connectionId(), sql);
        }
    }

    /** CppComet §2.4: ≤ 3 bytes → ERR 17, longer than the limit → ERR 11 (both measured in UTF-8 bytes). */
    private String checkLength(String sql) {
        if (sql.length() < MIN_QUERY_LENGTH && sql.getBytes(StandardCharsets.UTF_8).length < MIN_QUERY_LENGTH) {
            throw new CometQlException(CometQlErrors.TOO_SHORT, "Data is too short");
        }
        int max = config.maxQueryLength();
        if (sql.length() > max || (sql.length() > max / 3 && sql.getBytes(StandardCharsets.UTF_8).length > max)) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "Data is too long");
        }
        return sql;
    }

    /** CppComet §2.2: {@code cometqlcluster_v1 set dev_id=N;} switches dev_id and marks the connection. */
    private static String stripClusterPrefix(SqlSession session, String sql) {
        int start = 0;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        if (!sql.regionMatches(true, start, CLUSTER_PREFIX, 0, CLUSTER_PREFIX.length())) {
            return sql;
        }
        Matcher matcher = CLUSTER_STATEMENT.matcher(sql);
        if (!matcher.matches()) {
            throw CometQlErrors.syntax();
        }
        session.devId(Integer.parseInt(matcher.group(1)));
        session.clusterOrigin(true);
        return matcher.group(2);
    }

    /**
     * Expected errors pass as they are; a JVM failure that stands for a client mistake (too deep, division by
     * zero) is logged on one line; anything else becomes ERR 500, logged once with its stack. The client never
     * sees an internal message: it may quote the store's SQL or Calcite's generated code.
     */
    private static CometQlException translate(Throwable failure) {
        CometQlException mistake = CometQlErrors.ofStatementFailure(failure);
        if (mistake != null) {
            LOG.info("CometQL statement refused with {}: {} ({})", mistake.code(), mistake.getMessage(),
                    failure.toString());
            return mistake;
        }
        CometQlException known = CalciteErrors.translate(failure);
        if (known != null && (known.code() != CometQlErrors.INTERNAL || known.getCause() == null)) {
            return known;
        }
        Throwable cause = known != null ? known.getCause() : failure;
        LOG.error("CometQL statement failed unexpectedly{}", known != null ? ": " + known.getMessage() : "", cause);
        return CometQlErrors.internalError();
    }
}
