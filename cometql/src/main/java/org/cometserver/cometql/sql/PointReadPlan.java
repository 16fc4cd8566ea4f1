package org.cometserver.cometql.sql;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.schema.CometSchema;
import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.QueryContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code SELECT columns|* FROM table WHERE column = ? [AND column = ?]…} with at least one key column, on a table
 * that reads the host's memory ({@link CometTable#readsInline}): answered by the table's {@link CometTable#pointRead}
 * on the caller's thread (the connection's event loop), without Calcite and without the executor hop. Issue 13:
 * {@code SELECT … FROM conference_members WHERE name = ? AND user_id = ?}, polled until a member is listed, cost a
 * Calcite execution on the CometQL executor and the event loop's wake-up for its answer. Result columns and errors
 * on the first execution are Calcite's: this plan wraps a query Calcite compiled.
 */
final class PointReadPlan implements StatementPlan {
    private final CometTable table;
    private final List<ResultColumn> columns;
    /** Table column of each result column. */
    private final int[] projection;
    /** Table column of each condition, and the index of its value among the statement's values. */
    private final int[] conditionColumns;
    private final int[] valueIndexes;
    private final int[] valueTypes;

    private PointReadPlan(CometTable table, List<ResultColumn> columns, int[] projection, int[] conditionColumns,
                          int[] valueIndexes) {
        this.table = table;
        this.columns = columns;
        this.projection = projection;
        this.conditionColumns = conditionColumns;
        this.valueIndexes = valueIndexes;
        this.valueTypes = new int[conditionColumns.length];
        for (int i = 0; i < conditionColumns.length; i++) {
            valueTypes[i] = table.columns().get(conditionColumns[i]).type().getJdbcOrdinal();
        }
    }

    /** The point read of {@code digestText} when it has that shape, else {@code compiled} itself. */
    static StatementPlan of(CometSchema schema, String digestText, QueryPlan compiled) {
        PointReadPlan point = shaped(schema, digestText, compiled);
        return point != null ? point : compiled;
    }

    /**
     * The key query of an UPDATE or DELETE ({@code SELECT keys FROM t WHERE …}): a point read when it has that shape
     * (issue 13: {@code UPDATE conference_members SET muted = ? WHERE name = ? AND user_id = ?} then skips Calcite
     * too), else {@code compiled}; rows hold the columns' Java values.
     */
    static KeyQuery keyQuery(CometSchema schema, String text, QueryPlan compiled) {
        PointReadPlan point = shaped(schema, text, compiled);
        return point != null ? point::values : (context, values) -> compiled.fetch(context, values, false);
    }

    /** Selects the rows an UPDATE or DELETE acts on. */
    @FunctionalInterface
    interface KeyQuery {
        List<Object[]> fetch(QueryContext context, List<Object> values);
    }

    private static PointReadPlan shaped(CometSchema schema, String digestText, QueryPlan compiled) {
        if (!(SqlParsing.parse(digestText) instanceof SqlSelect select) || !plain(select)
                || !(select.getFrom() instanceof SqlIdentifier from) || from.names.size() != 1) {
            return null;
        }
        CometTable table = schema.table(from.getSimple());
        if (table == null || !table.readsInline()) {
            return null;
        }
        int[] projection = projection(table, select);
        List<int[]> conditions = new ArrayList<>();
        if (projection == null || projection.length != compiled.columns().size()
                || !conditions(table, select.getWhere(), conditions)) {
            return null;
        }
        int[] conditionColumns = new int[conditions.size()];
        int[] valueIndexes = new int[conditions.size()];
        boolean keyed = false;
        for (int i = 0; i < conditionColumns.length; i++) {
            conditionColumns[i] = conditions.get(i)[0];
            valueIndexes[i] = conditions.get(i)[1];
            keyed |= table.isKeyColumn(conditionColumns[i]);
        }
        return keyed ? new PointReadPlan(table, compiled.columns(), projection, conditionColumns, valueIndexes) : null;
    }

    /** A SELECT without DISTINCT, grouping, ordering, windows, limits or hints. */
    private static boolean plain(SqlSelect select) {
        return select.getSelectList() != null && select.getWhere() != null && !select.isDistinct()
                && select.getGroup() == null && select.getHaving() == null
                && (select.getWindowList() == null || select.getWindowList().isEmpty())
                && (select.getOrderList() == null || select.getOrderList().isEmpty())
                && select.getOffset() == null && select.getFetch() == null && !select.hasHints()
                && select.getQualify() == null;
    }

    /** The table columns of the select list ({@code *} alone, or column names), or null for anything else. */
    private static int[] projection(CometTable table, SqlSelect select) {
        List<SqlNode> items = select.getSelectList().getList();
        if (items.size() == 1 && items.get(0) instanceof SqlIdentifier star && star.isStar()
                && star.names.size() == 1) {
            int[] all = new int[table.columns().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] projection = new int[items.size()];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = column(table, items.get(i));
            if (projection[i] < 0) {
                return null;
            }
        }
        return projection;
    }

    /** Collects {@code {column, value index}} of a conjunction of {@code column = ?}; false for anything else. */
    private static boolean conditions(CometTable table, SqlNode where, List<int[]> into) {
        if (!(where instanceof SqlBasicCall call)) {
            return false;
        }
        if (call.getKind() == SqlKind.AND) {
            for (SqlNode operand : call.getOperandList()) {
                if (!conditions(table, operand, into)) {
                    return false;
                }
            }
            return true;
        }
        if (call.getKind() != SqlKind.EQUALS) {
            return false;
        }
        SqlNode left = call.operand(0);
        SqlNode right = call.operand(1);
        SqlNode columnSide = left instanceof SqlDynamicParam ? right : left;
        SqlNode valueSide = left instanceof SqlDynamicParam ? left : right;
        int column = column(table, columnSide);
        if (column < 0 || !(valueSide instanceof SqlDynamicParam param)) {
            return false;
        }
        into.add(new int[]{column, param.getIndex()});
        return true;
    }

    /** The table column a plain (or table-qualified) name stands for; -1 for anything else. */
    private static int column(CometTable table, SqlNode node) {
        if (!(node instanceof SqlIdentifier id) || id.isStar() || id.names.size() > 2
                || id.names.size() == 2 && !id.names.get(0).equals(table.name())) {
            return -1;
        }
        return table.columnIndex(id.names.get(id.names.size() - 1));
    }

    /** The selected columns of the matching rows, as the table holds them (Long, Integer, String). */
    List<Object[]> values(QueryContext context, List<Object> values) {
        Object[] converted = new Object[conditionColumns.length];
        for (int i = 0; i < converted.length; i++) {
            // as Calcite binds a ? typed by the column it is compared with
            converted[i] = QueryPlan.bindValue(values.get(valueIndexes[i]), valueTypes[i]);
        }
        List<Object[]> rows = table.pointRead(context, conditionColumns, converted);
        int limit = context.config().maxResultRows();
        if (rows.size() > limit) {
            throw CometTable.tooManyRows(limit);
        }
        List<Object[]> projected = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] out = new Object[projection.length];
            for (int c = 0; c < projection.length; c++) {
                out[c] = row[projection[c]];
            }
            projected.add(out);
        }
        return projected;
    }

    @Override
    public StatementResult executeInline(QueryContext context, List<Object> values) {
        List<Object[]> rows = values(context, values);
        int maxPacketSize = context.config().maxPacketSize();
        List<String[]> text = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String[] out = new String[row.length];
            long rowLength = 0;
            for (int c = 0; c < row.length; c++) {
                out[c] = row[c] == null ? null : row[c].toString();
                rowLength += out[c] == null ? 0 : out[c].length();
            }
            if (rowLength > maxPacketSize) {
                throw CometQlErrors.packetOverflowed("a row", maxPacketSize);
            }
            text.add(out);
        }
        return new StatementResult.Rows(columns, text);
    }

    @Override
    public StatementResult execute(QueryContext context, List<Object> values) {
        return executeInline(context, values);
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }
}
