package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.schema.CometSchema;
import org.cometserver.cometql.spi.ServerStatus;
import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.TableColumn;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Statements Calcite has no grammar for, answered from memory before Calcite sees them (docs/CPPCOMET.md §2.6):
 * SHOW …, DESCRIBE, {@code SELECT @@var, DATABASE(), 1 …} ({@link SessionSelect}), SET, USE, DO and the transaction verbs
 * (accepted, without effect: CometQL has no transactions). All are non-blocking.
 */
final class SessionStatements {
    private static final List<String> SHOW_COLUMNS_HEADER = List.of("Field", "Type", "Null", "Key", "Default", "Extra");
    private static final List<String> TABLE_STATUS_HEADER = List.of("Name", "Engine", "Version", "Row_format", "Rows",
            "Avg_row_length", "Data_length", "Max_data_length", "Index_length", "Data_free", "Auto_increment",
            "Create_time", "Update_time", "Check_time", "Collation", "Checksum", "Create_options", "Comment");
    // CppComet: SHOW TABLE STATUS answers one fixed row.
    private static final String[] TABLE_STATUS_ROW = {"users", "StarComet", "1", "Compact", "0", "0", "0", "0", "0",
            "0", "0", "0", "", "", "utf8_general_ci", "", "", "Table with authorization data for users"};

    private static final List<String> PROCESSLIST_HEADER = List.of("Id", "User", "Host", "db", "Command", "Time",
            "State", "Info");
    private static final String MAX_EXECUTION_TIME = "max_execution_time";
    /** MySQL ER_WRONG_VALUE_FOR_VAR. */
    private static final int ER_WRONG_VALUE_FOR_VAR = 1231;

    private final CometSchema schema;
    private final ServerStatus status;
    private final SystemVariables variables;
    private final BiConsumer<SqlSession, String> useDatabase;
    private final SessionRegistry sessions;
    private final HostStatus host;

    SessionStatements(CometSchema schema, ServerStatus status, SystemVariables variables,
                      BiConsumer<SqlSession, String> useDatabase, SessionRegistry sessions) {
        this.schema = schema;
        this.status = status;
        this.variables = variables;
        this.useDatabase = useDatabase;
        this.sessions = sessions;
        this.host = new HostStatus(status.dataDirectory());
    }

    /** Whether {@link #execute} answers this statement. */
    boolean handles(SqlDigest digest) {
        SqlToken first = digest.token(0);
        if (first == null || first.kind() != SqlToken.Kind.WORD) {
            return false;
        }
        return switch (first.text().toUpperCase(Locale.ROOT)) {
            case "SHOW", "DESCRIBE", "DESC", "SET", "USE", "DO", "BEGIN", "START", "COMMIT", "ROLLBACK", "KILL" -> true;
            case "SELECT" -> SessionSelect.accepts(digest);
            default -> false;
        };
    }

    /** Whether the statement answers with rows (for COM_STMT_PREPARE's column count). */
    boolean returnsRows(SqlDigest digest) {
        return digest.is(0, "SHOW") || digest.is(0, "DESCRIBE") || digest.is(0, "DESC") || digest.is(0, "SELECT");
    }

    /** Answers a statement {@link #handles} accepted. */
    StatementResult execute(SqlSession session, SqlDigest digest, List<Object> values) {
        String verb = digest.token(0).text().toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "SHOW" -> show(session, digest, values);
            case "DESCRIBE", "DESC" -> describe(digest, 1);
            case "SELECT" -> SessionSelect.execute(session, digest, values, variables);
            case "USE" -> use(session, digest, values);
            case "SET" -> set(session, digest, values);
            case "KILL" -> kill(session, digest, values);
            default -> StatementResult.Ok.EMPTY;
        };
    }

    private StatementResult use(SqlSession session, SqlDigest digest, List<Object> values) {
        SqlToken name = digest.token(1);
        if (name == null || digest.tokens().size() > 2) {
            throw CometQlErrors.syntax();
        }
        useDatabase.accept(session, name.isLiteral() ? String.valueOf(values.get(0)) : name.identifier());
        return StatementResult.Ok.EMPTY;
    }

    /**
     * {@code SET [SESSION] max_execution_time = N} (also {@code @@max_execution_time}, {@code @@session.…}) sets
     * the connection's statement time limit; every other variable is accepted without effect, as in CppComet.
     */
    private static StatementResult set(SqlSession session, SqlDigest digest, List<Object> values) {
        int value = 0;
        for (int i = 1; i < digest.tokens().size(); i++) {
            SqlToken token = digest.token(i);
            if (isMaxExecutionTime(token) && digest.is(i + 1, "=") && digest.token(i + 2) != null
                    && digest.token(i + 2).isLiteral()) {
                session.maxExecutionTime(milliseconds(values.get(value)));
            }
            if (token.isLiteral() || token.kind() == SqlToken.Kind.PLACEHOLDER) {
                value++;
            }
        }
        return StatementResult.Ok.EMPTY;
    }

    private static boolean isMaxExecutionTime(SqlToken token) {
        String name = token.text().toLowerCase(Locale.ROOT);
        return token.kind() == SqlToken.Kind.WORD && name.equals(MAX_EXECUTION_TIME)
                || token.kind() == SqlToken.Kind.SYSTEM_VARIABLE
                && (name.equals("@@" + MAX_EXECUTION_TIME) || name.equals("@@session." + MAX_EXECUTION_TIME));
    }

    private static long milliseconds(Object value) {
        try {
            long millis = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new CometQlException(ER_WRONG_VALUE_FOR_VAR, "42000",
                "Variable 'max_execution_time' can't be set to the value of '" + value + "'", null);
    }

    /** {@code KILL [QUERY|CONNECTION] id}: only connections of the caller's dev_id (MySQL: of the same user). */
    private StatementResult kill(SqlSession session, SqlDigest digest, List<Object> values) {
        boolean queryOnly = digest.is(1, "QUERY");
        int idToken = queryOnly || digest.is(1, "CONNECTION") ? 2 : 1;
        SqlToken id = digest.token(idToken);
        if (id == null || !id.isLiteral() || digest.tokens().size() != idToken + 1
                || !(values.get(0) instanceof Number number)) {
            throw CometQlErrors.syntax();
        }
        long connectionId = number.longValue();
        SqlSession target = sessions.get(connectionId);
        if (target == null) {
            throw new CometQlException(CometQlErrors.ER_NO_SUCH_THREAD, "HY000",
                    "Unknown thread id: " + connectionId, null);
        }
        if (target.devId() != session.devId()) {
            throw new CometQlException(CometQlErrors.ER_KILL_DENIED, "HY000",
                    "You are not owner of thread " + connectionId, null);
        }
        if (queryOnly) {
            target.cancelStatement(CometQlErrors.queryInterrupted());
        } else {
            target.kill(CometQlErrors.queryInterrupted());
        }
        return StatementResult.Ok.EMPTY;
    }

    /** MySQL's {@code SHOW FULL PROCESSLIST}, limited to the connections of the caller's dev_id. */
    private StatementResult processList(SqlSession session) {
        long now = System.currentTimeMillis();
        List<String[]> rows = new ArrayList<>();
        for (SqlSession s : sessions.ofDevId(session.devId())) {
            String statement = s.currentStatement();
            boolean idle = statement.isEmpty();
            rows.add(new String[]{Long.toString(s.connectionId()), s.user(), host(s.remoteAddress()), s.database(),
                    idle ? "Sleep" : "Query", Long.toString(Math.max(0, now - s.statementStartedMillis()) / 1000),
                    idle ? "" : "executing", idle ? null : statement});
        }
        return rows(PROCESSLIST_HEADER, rows);
    }

    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address);
    }

    private StatementResult show(SqlSession session, SqlDigest digest, List<Object> values) {
        int i = 1;
        boolean global = false;
        boolean full = digest.is(i, "FULL");
        if (digest.is(i + 1, "STATUS") && digest.tokens().size() == i + 2) {
            StatementResult hostStatus = hostStatus(digest.token(i));
            if (hostStatus != null) {
                return hostStatus;
            }
        }
        if (full || digest.is(i, "SESSION") || digest.is(i, "LOCAL") || digest.is(i, "GLOBAL")) {
            global = digest.is(i, "GLOBAL");
            i++;
        }
        SqlToken what = digest.token(i);
        if (what == null) {
            throw CometQlErrors.syntax();
        }
        SqlToken like = digest.is(i + 1, "LIKE") ? digest.token(i + 2) : null;
        String pattern = like != null && (like.isLiteral() || like.kind() == SqlToken.Kind.PLACEHOLDER)
                ? String.valueOf(values.get(0)) : null;
        return switch (what.text().toUpperCase(Locale.ROOT)) {
            case "DATABASES", "SCHEMAS" -> rows(List.of("Database"), List.<String[]>of(new String[]{CometSchema.DATABASE}));
            case "TABLES" -> showTables();
            case "COLUMNS", "FIELDS" -> {
                if (!digest.is(i + 1, "FROM") && !digest.is(i + 1, "IN")) {
                    throw CometQlErrors.syntax();
                }
                yield describe(digest, i + 2);
            }
            case "STATUS" -> nameValues(global ? status.globalStatus() : status.sessionStatus(session.devId()),
                    pattern);
            case "VARIABLES" -> nameValues(variables.all(), pattern);
            // CppComet: SHOW PROCESSLIST lists the services; MySQL's connection list is SHOW FULL PROCESSLIST
            case "PROCESSLIST" -> full ? processList(session)
                    : rows(List.of("ServiceName", "id", "status", "count"), status.services());
            case "TABLE" -> {
                if (!digest.is(i + 1, "STATUS")) {
                    throw CometQlErrors.syntax();
                }
                yield rows(TABLE_STATUS_HEADER, List.<String[]>of(TABLE_STATUS_ROW.clone()));
            }
            case "WARNINGS", "ERRORS" -> rows(List.of("Level", "Code", "Message"), List.of());
            default -> throw CometQlErrors.syntax();
        };
    }

    /** CppComet: {@code SHOW FILESYSTEM|RAM|AVG|UPTIME STATUS} report on the host; null for another word. */
    private StatementResult hostStatus(SqlToken what) {
        return switch (what.text().toUpperCase(Locale.ROOT)) {
            case "FILESYSTEM" -> rows(HostStatus.FILESYSTEM_HEADER, host.filesystem());
            case "RAM" -> nameValues(host.ram(), null);
            case "AVG" -> nameValues(host.loadAverages(), null);
            case "UPTIME" -> nameValues(host.uptime(), null);
            default -> null;
        };
    }

    /** CppComet's seven names in its order; the other tables exist but CppComet never listed them. */
    private static StatementResult showTables() {
        List<String[]> rows = new ArrayList<>();
        CometSchema.LISTED_TABLES.forEach(name -> rows.add(new String[]{name}));
        return rows(List.of("Tables"), rows);
    }

    /** Columns of any table (an improvement: CppComet only described users_auth and said ERR 15 for the rest). */
    private StatementResult describe(SqlDigest digest, int tableToken) {
        SqlToken name = digest.token(tableToken);
        CometTable table = name == null || name.identifier() == null ? null : schema.table(name.identifier());
        if (table == null) {
            throw CometQlErrors.tableDoesNotExist();
        }
        List<String[]> rows = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            TableColumn column = table.columns().get(c);
            rows.add(new String[]{column.name(), column.mysqlType(), "NO", table.isKeyColumn(c) ? "PRI" : "", "", ""});
        }
        return rows(SHOW_COLUMNS_HEADER, rows);
    }

    private static StatementResult nameValues(Map<String, String> values, String likePattern) {
        Pattern pattern = likePattern == null ? null : like(likePattern);
        List<String[]> rows = new ArrayList<>();
        values.forEach((name, value) -> {
            if (pattern == null || pattern.matcher(name).matches()) {
                rows.add(new String[]{name, value});
            }
        });
        return rows(List.of("Variable_name", "Value"), rows);
    }

    /** SQL LIKE (with {@code %}, {@code _} and backslash escapes) as a case-insensitive regular expression. */
    static Pattern like(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static StatementResult rows(List<String> header, List<String[]> rows) {
        List<ResultColumn> columns = header.stream().map(ResultColumn::new).toList();
        return new StatementResult.Rows(columns, rows);
    }
}
