package org.cometserver.cometql.sql;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.schema.CometSchema;
import org.cometserver.cometql.spi.StatementTimings;
import org.cometserver.cometql.table.CometTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Compiles a digest into a {@link StatementPlan} with Calcite: queries are prepared on the current thread's Calcite
 * connection; INSERT is parsed by Calcite and compiled to a direct {@link InsertPlan}; DELETE to a key query plus
 * the table's delete; UPDATE likewise with the table's update. Runs on the CometQL executor (planning costs milliseconds).
 */
final class StatementPlanner {
    private final CometSchema schema;
    private final CalciteConnections connections;
    private final PlanCache cache;
    private final int maxPacketSize;

    StatementPlanner(CometSchema schema, CalciteConnections connections, PlanCache cache, int maxPacketSize) {
        this.schema = schema;
        this.connections = connections;
        this.cache = cache;
        this.maxPacketSize = maxPacketSize;
    }

    /** The cached plan of {@code digest}, compiled and cached on a miss. */
    StatementPlan plan(SqlDigest digest) {
        StatementPlan plan = cache.get(digest.text());
        if (plan == null) {
            plan = compile(digest);
            cache.put(digest.text(), plan);
        }
        return plan;
    }

    /**
     * Whether a query may read many rows — a join (comma or JOIN) or a table read without WHERE — and so runs on
     * the scan executor, away from point reads and writes.
     */
    static boolean scans(SqlDigest digest) {
        if (!digest.is(0, "SELECT") && !digest.is(0, "WITH") && !digest.is(0, "(")) {
            return false;
        }
        int from = indexOfWord(digest, "FROM");
        if (from < 0) {
            return false;
        }
        for (int i = from + 1; i < digest.tokens().size(); i++) {
            if (digest.is(i, "WHERE")) {
                return false;
            }
            if (digest.is(i, ",") || digest.is(i, "JOIN")) {
                return true;
            }
        }
        return true;
    }

    /**
     * The first table {@code digest} names, as the schema spells it (a fixed set of instances), or
     * {@link StatementTimings#NO_TABLE} for none or {@code dual}; {@link StatementTimings#OTHER_TABLE} for a name the
     * schema does not know (planning refuses those).
     */
    String table(SqlDigest digest) {
        if (digest.tables().isEmpty()) {
            return StatementTimings.NO_TABLE;
        }
        String name = digest.tables().get(0);
        CometTable table = schema.table(name);
        if (table != null) {
            return table.name();
        }
        return name.equalsIgnoreCase("dual") ? StatementTimings.NO_TABLE : StatementTimings.OTHER_TABLE;
    }

    private StatementPlan compile(SqlDigest digest) {
        checkTables(digest);
        SqlToken first = digest.token(0);
        String verb = first.kind() == SqlToken.Kind.WORD ? first.text().toUpperCase(Locale.ROOT) : first.text();
        return switch (verb) {
            case "SELECT", "WITH", "EXPLAIN", "VALUES", "(" -> query(digest);
            case "INSERT" -> insert(digest);
            case "DELETE" -> delete(digest);
            case "UPDATE" -> update(digest);
            default -> throw CometQlErrors.syntax();
        };
    }

    /** Table names are case-sensitive (CppComet, MySQL on Linux); Calcite alone would match them in any case. */
    private void checkTables(SqlDigest digest) {
        for (String table : digest.tables()) {
            if (schema.table(table) == null && !table.equalsIgnoreCase("dual")) {
                throw CometQlErrors.tableDoesNotExist();
            }
        }
    }

    private StatementPlan query(SqlDigest digest) {
        ValueChecks checks = ValueChecks.of(digest);
        checks.check(digest.values(), maxPacketSize);
        String table = table(digest);
        try {
            QueryPlan compiled = QueryPlan.compile(connections, digest.text(),
                    pos -> digest.sourceText(pos.getColumnNum() - 1, pos.getEndColumnNum() - 1), scans(digest), checks,
                    table);
            return PointReadPlan.of(schema, digest.text(), compiled);
        } catch (CometQlException e) {
            // Calcite cannot type some values as ?: plan them as literals (a planning failure, not a syntax error)
            boolean typingFailed = e.code() == CometQlErrors.SYNTAX
                    && !e.getMessage().equals(CometQlErrors.syntax().getMessage())
                    || e.code() == CometQlErrors.INTERNAL;
            if (!typingFailed || digest.values().isEmpty()) {
                throw e;
            }
            LiteralQueryPlan literal = new LiteralQueryPlan(digest.text(), digest.valuePositions(),
                    sql -> planText(sql, table), checks, maxPacketSize, table);
            if (digest.placeholderCount() == 0) {
                planText(literal.inline(digest.values()), table);
            }
            return literal;
        }
    }

    /** Plans a query text that holds no values (a {@link LiteralQueryPlan}'s inlined text). */
    private StatementPlan planText(String sql, String table) {
        StatementPlan plan = cache.get(sql);
        if (plan == null) {
            plan = QueryPlan.compile(connections, sql, pos -> textAt(sql, pos.getColumnNum() - 1, pos.getEndColumnNum()),
                    false, ValueChecks.NONE, table);
            cache.put(sql, plan);
        }
        return plan;
    }

    /** {@code sql[start, end)} extended by the closing parentheses Calcite's call positions leave out. */
    private static String textAt(String sql, int start, int end) {
        int stop = Math.min(sql.length(), end);
        int depth = 0;
        for (int i = start; i < stop; i++) {
            depth += sql.charAt(i) == '(' ? 1 : sql.charAt(i) == ')' ? -1 : 0;
        }
        while (depth > 0 && stop < sql.length() && sql.charAt(stop) == ')') {
            stop++;
            depth--;
        }
        return sql.substring(start, stop);
    }

    private StatementPlan insert(SqlDigest digest) {
        CometTable table = targetTable(digest);
        if (!table.insertable()) {
            throw table.readOnlyError();
        }
        if (!(SqlParsing.parse(digest.text()) instanceof SqlInsert insert)
                || insert.getSource().getKind() != SqlKind.VALUES) {
            throw CometQlErrors.syntax();
        }
        int[] columns = targetColumns(table, insert.getTargetColumnList());
        List<SqlNode> rows = ((SqlBasicCall) insert.getSource()).getOperandList();
        int[][] valueIndexes = new int[rows.size()][];
        Object[][] constants = new Object[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            List<SqlNode> values = ((SqlCall) rows.get(r)).getOperandList();
            if (values.size() != columns.length) {
                throw new CometQlException(CometQlErrors.BAD_COLUMN, "Error in columns list");
            }
            valueIndexes[r] = new int[columns.length];
            constants[r] = new Object[columns.length];
            for (int c = 0; c < columns.length; c++) {
                SqlNode value = values.get(c);
                if (value instanceof SqlDynamicParam param) {
                    valueIndexes[r][c] = param.getIndex();
                } else if (value instanceof SqlLiteral literal) {
                    valueIndexes[r][c] = InsertPlan.CONSTANT;
                    constants[r][c] = literal.getValue() == null ? null : literal.toValue();
                } else {
                    throw new CometQlException(CometQlErrors.SYNTAX, "Syntax error in query: INSERT takes values only");
                }
            }
        }
        return new InsertPlan(table, columns, valueIndexes, constants);
    }

    private static int[] targetColumns(CometTable table, SqlNodeList list) {
        if (list == null) {
            int[] all = new int[table.columns().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] columns = new int[list.size()];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < columns.length; i++) {
            String name = lastName((SqlIdentifier) list.get(i));
            columns[i] = table.insertColumnIndex(name);
            if (columns[i] < 0) {
                throw new CometQlException(CometQlErrors.BAD_COLUMN, "Not a specific column");
            }
            if (!seen.add(columns[i])) {
                throw new CometQlException(CometQlErrors.BAD_COLUMN, "Error in columns list");
            }
        }
        return columns;
    }

    private StatementPlan delete(SqlDigest digest) {
        CometTable table = targetTable(digest);
        if (!table.deletable()) {
            throw table.readOnlyError();
        }
        if (!(SqlParsing.parse(digest.text()) instanceof SqlDelete delete)) {
            throw CometQlErrors.syntax();
        }
        Set<String> whereColumns = new HashSet<>();
        if (delete.getCondition() != null) {
            delete.getCondition().accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlIdentifier id) {
                    whereColumns.add(lastName(id).toLowerCase(Locale.ROOT));
                    return null;
                }
            });
        }
        StringJoiner keys = new StringJoiner(", ", "SELECT ", " ");
        table.deleteKeyColumns().forEach(column -> keys.add("`" + column + "`"));
        // DELETE FROM t WHERE … → SELECT keys FROM t WHERE …: same tokens, so the same values bind in order.
        String keyText = keys + digest.textFrom(1);
        QueryPlan keyQuery = QueryPlan.compile(connections, keyText, pos -> "", false, ValueChecks.NONE, table.name());
        return new DeletePlan(table, PointReadPlan.keyQuery(schema, keyText, keyQuery), Set.copyOf(whereColumns));
    }

    private StatementPlan update(SqlDigest digest) {
        CometTable table = targetTable(digest);
        if (table.updatableColumns().isEmpty()) {
            throw new CometQlException(CometQlErrors.NOT_IMPLEMENTED,
                    "UPDATE is supported for conference_members, conference_settings and calls only; table `" + table.name() + "` is not updatable");
        }
        if (!(SqlParsing.parse(digest.text()) instanceof SqlUpdate update) || update.getAlias() != null) {
            throw CometQlErrors.syntax();
        }
        List<String> columns = new ArrayList<>();
        List<SqlNode> sources = update.getSourceExpressionList().getList();
        int[] valueIndexes = new int[sources.size()];
        Object[] constants = new Object[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            String column = lastName((SqlIdentifier) update.getTargetColumnList().get(i)).toLowerCase(Locale.ROOT);
            if (!table.updatableColumns().contains(column)) {
                throw new CometQlException(CometQlErrors.BAD_COLUMN, "Column `" + column + "` of `" + table.name()
                        + "` cannot be updated (updatable: " + String.join(", ", table.updatableColumns()) + ")");
            }
            if (columns.contains(column)) {
                throw new CometQlException(CometQlErrors.BAD_COLUMN, "Error in columns list");
            }
            columns.add(column);
            SqlNode value = sources.get(i);
            if (value instanceof SqlDynamicParam param) {
                valueIndexes[i] = param.getIndex();
            } else if (value instanceof SqlLiteral literal) {
                valueIndexes[i] = UpdatePlan.CONSTANT;
                constants[i] = literal.getValue() == null ? null : literal.toValue();
            } else {
                throw new CometQlException(CometQlErrors.SYNTAX, "Syntax error in query: SET takes values only");
            }
        }
        // the WHERE's values follow the SET's: the key query binds the ones after them
        int where = indexOfWord(digest, "WHERE");
        int setValueCount = 0;
        for (int i = 0; i < (where < 0 ? digest.tokens().size() : where); i++) {
            SqlToken token = digest.token(i);
            if (token.isLiteral() || token.kind() == SqlToken.Kind.PLACEHOLDER) {
                setValueCount++;
            }
        }
        StringJoiner keys = new StringJoiner(", ", "SELECT ", " FROM `" + table.name() + "` ");
        table.deleteKeyColumns().forEach(column -> keys.add("`" + column + "`"));
        String keyText = keys + (where < 0 ? "" : digest.textFrom(where));
        QueryPlan keyQuery = QueryPlan.compile(connections, keyText, pos -> "", false, ValueChecks.NONE, table.name());
        return new UpdatePlan(table, PointReadPlan.keyQuery(schema, keyText, keyQuery), columns, valueIndexes,
                constants, setValueCount);
    }

    private static int indexOfWord(SqlDigest digest, String word) {
        for (int i = 0; i < digest.tokens().size(); i++) {
            if (digest.token(i).kind() == SqlToken.Kind.WORD && digest.is(i, word)) {
                return i;
            }
        }
        return -1;
    }

    private CometTable targetTable(SqlDigest digest) {
        if (digest.tables().isEmpty()) {
            throw CometQlErrors.syntax();
        }
        return schema.table(digest.tables().get(0));
    }

    private static String lastName(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }
}
