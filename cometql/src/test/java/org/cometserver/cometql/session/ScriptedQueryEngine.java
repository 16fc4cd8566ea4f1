package org.cometserver.cometql.session;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.sql.PreparedQuery;
import org.cometserver.cometql.sql.QueryEngine;
import org.cometserver.cometql.sql.ResultColumn;
import org.cometserver.cometql.sql.SqlSession;
import org.cometserver.cometql.sql.StatementResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link QueryEngine} driven by magic statements (as Vitess's server_test does), so the protocol layer is tested
 * without the real engine:
 * {@code select rows} (2 rows, one NULL), {@code error N}, {@code slow Nms} (completes on another thread),
 * {@code panic} (throws), {@code repeat N} (one N-byte value), {@code whoami}, {@code insert…} (OK 1 row, id 42),
 * {@code set…} (OK), {@code @@var} lists (Connector/J's startup query); anything else is echoed as one row.
 * Prepared {@code select}s return one column per {@code ?} describing the bound value as {@code Type:value}.
 */
public final class ScriptedQueryEngine implements QueryEngine, AutoCloseable {
    private static final Pattern VARIABLE = Pattern.compile("@@(?:session\\.|global\\.)?(\\w+)(?:\\s+AS\\s+(\\w+))?",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("auto_increment_increment", "1"), Map.entry("character_set_client", "utf8mb4"),
            Map.entry("character_set_connection", "utf8mb4"), Map.entry("character_set_results", "utf8mb4"),
            Map.entry("character_set_server", "utf8mb4"), Map.entry("collation_server", "utf8mb4_general_ci"),
            Map.entry("collation_connection", "utf8mb4_general_ci"), Map.entry("init_connect", ""),
            Map.entry("interactive_timeout", "28800"), Map.entry("license", "AGPL"),
            Map.entry("lower_case_table_names", "0"), Map.entry("max_allowed_packet", "67108864"),
            Map.entry("net_write_timeout", "60"), Map.entry("performance_schema", "0"),
            Map.entry("query_cache_size", "0"), Map.entry("query_cache_type", "OFF"), Map.entry("sql_mode", ""),
            Map.entry("system_time_zone", "UTC"), Map.entry("time_zone", "SYSTEM"),
            Map.entry("tx_isolation", "REPEATABLE-READ"), Map.entry("transaction_isolation", "REPEATABLE-READ"),
            Map.entry("wait_timeout", "28800"), Map.entry("version_comment", "CometQL test"));

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "scripted-engine");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    /** Every statement text received (queries and prepares), in order. */
    public List<String> statements() {
        return statements;
    }

    @Override
    public CompletionStage<StatementResult> execute(SqlSession session, String sql) {
        statements.add(sql);
        String text = sql.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("select rows")) {
            return done(new StatementResult.Rows(List.of(new ResultColumn("id"), new ResultColumn("name")),
                    List.of(new String[] {"1", "alpha"}, new String[] {"2", null})));
        }
        if (lower.startsWith("error ")) {
            int code = Integer.parseInt(lower.substring(6).trim());
            return CompletableFuture.failedFuture(new CometQlException(code, "scripted error " + code));
        }
        if (lower.startsWith("slow ")) {
            long millis = Long.parseLong(lower.substring(5).replace("ms", "").trim());
            CompletableFuture<StatementResult> result = new CompletableFuture<>();
            timer.schedule(() -> result.complete(single("slept", String.valueOf(millis))), millis,
                    TimeUnit.MILLISECONDS);
            return result;
        }
        if (lower.equals("panic")) {
            throw new IllegalStateException("scripted panic");
        }
        if (lower.startsWith("repeat ")) {
            return done(single("value", "x".repeat(Integer.parseInt(lower.substring(7).trim()))));
        }
        if (lower.equals("whoami")) {
            return done(new StatementResult.Rows(
                    List.of(new ResultColumn("dev_id"), new ResultColumn("user"), new ResultColumn("database")),
                    List.<String[]>of(new String[] {String.valueOf(session.devId()), session.user(),
                            session.database()})));
        }
        if (lower.startsWith("insert")) {
            return done(new StatementResult.Ok(1, 42));
        }
        if (lower.startsWith("set ")) {
            return done(StatementResult.Ok.EMPTY);
        }
        if (lower.contains("@@")) {
            return done(variables(text));
        }
        return done(single("echo", sql));
    }

    private static StatementResult variables(String sql) {
        List<ResultColumn> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(sql);
        while (matcher.find()) {
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            columns.add(new ResultColumn(matcher.group(2) != null ? matcher.group(2) : matcher.group()));
            values.add(VARIABLES.getOrDefault(name, ""));
        }
        return new StatementResult.Rows(columns, List.<String[]>of(values.toArray(new String[0])));
    }

    @Override
    public CompletionStage<PreparedQuery> prepare(SqlSession session, String sql) {
        statements.add(sql);
        String lower = sql.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("error ")) {
            return CompletableFuture.failedFuture(new CometQlException(3, "Syntax error in query"));
        }
        int parameters = (int) sql.chars().filter(c -> c == '?').count();
        List<ResultColumn> columns = new ArrayList<>();
        if (lower.startsWith("select")) {
            for (int i = 1; i <= Math.max(1, parameters); i++) {
                columns.add(new ResultColumn("p" + i));
            }
        }
        return CompletableFuture.completedFuture(new ScriptedQuery(sql, parameters, List.copyOf(columns)));
    }

    @Override
    public CompletionStage<StatementResult> executePrepared(SqlSession session, PreparedQuery query,
                                                            List<Object> parameters) {
        if (query.columns().isEmpty()) {
            return done(new StatementResult.Ok(parameters.size(), 7));
        }
        String[] row = new String[query.columns().size()];
        for (int i = 0; i < parameters.size(); i++) {
            row[i] = describe(parameters.get(i));
        }
        if (parameters.isEmpty()) {
            row[0] = "no parameters";
        }
        return done(new StatementResult.Rows(query.columns(), List.<String[]>of(row)));
    }

    /** {@code Type:value}, {@code null} for SQL NULL; byte arrays shown as UTF-8 text. */
    static String describe(Object value) {
        if (value == null) {
            return null;
        }
        Object shown = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value;
        return value.getClass().getSimpleName() + ":" + shown;
    }

    @Override
    public void useDatabase(SqlSession session, String database) {
        if (database.equals("CometQL_v1")) {
            session.database(database);
        } else if (database.matches("db_[0-9]")) {
            session.database(database);
            session.devId(database.charAt(3) - '0');
        } else {
            throw new CometQlException(15, "Select database failure");
        }
    }

    @Override
    public List<ResultColumn> fieldList(SqlSession session, String table) {
        return table.equals("pipes") ? List.of(new ResultColumn("name", "pipes"), new ResultColumn("users", "pipes"))
                : List.of();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static StatementResult single(String column, String value) {
        return new StatementResult.Rows(List.of(new ResultColumn(column)), List.<String[]>of(new String[] {value}));
    }

    private static CompletionStage<StatementResult> done(StatementResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private record ScriptedQuery(String sql, int parameterCount, List<ResultColumn> columns)
            implements PreparedQuery {
    }
}
