package org.cometserver.cometql.sql;

import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.QueryContext;
import org.cometserver.cometql.table.TableColumn;
import org.cometserver.cometql.table.TableValues;

import java.util.List;

/**
 * INSERT compiled to a direct plan: which table column each value goes to. Executing converts the values and
 * hands each row to the table, without Calcite: this is the hot path of {@code INSERT INTO pipes_messages}.
 * Several rows are allowed (an improvement: CppComet answered ERR 3).
 */
final class InsertPlan implements StatementPlan {
    /** Marks a row slot taken from a constant rather than from the statement's values. */
    static final int CONSTANT = -1;

    private final CometTable table;
    private final int[] columns;
    private final int[][] valueIndexes;
    private final Object[][] constants;

    /**
     * @param columns      table column index of each listed column
     * @param valueIndexes per row, per listed column: the index into the statement's values, or {@link #CONSTANT}
     * @param constants    per row, per listed column: the constant where {@code valueIndexes} says so
     */
    InsertPlan(CometTable table, int[] columns, int[][] valueIndexes, Object[][] constants) {
        this.table = table;
        this.columns = columns;
        this.valueIndexes = valueIndexes;
        this.constants = constants;
    }

    private Object[] row(int r, List<Object> values) {
        Object[] row = new Object[table.insertColumns().size()];
        for (int c = 0; c < columns.length; c++) {
            TableColumn column = table.insertColumns().get(columns[c]);
            int index = valueIndexes[r][c];
            Object value = index == CONSTANT ? constants[r][c] : values.get(index);
            row[columns[c]] = TableValues.coerce(value, column.type(), column.name());
        }
        return row;
    }

    @Override
    public StatementResult executeInline(QueryContext context, List<Object> values) {
        Object[][] rows = new Object[valueIndexes.length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = row(r, values);
            if (!table.insertsInline(context, rows[r])) {
                return null;
            }
        }
        return insert(context, rows);
    }

    @Override
    public StatementResult execute(QueryContext context, List<Object> values) {
        Object[][] rows = new Object[valueIndexes.length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = row(r, values);
        }
        return insert(context, rows);
    }

    /** Inserts rows already converted, so a bad value in any row has failed before anything was inserted. */
    private StatementResult insert(QueryContext context, Object[][] rows) {
        if (rows.length == 1) {
            return table.insert(context, rows[0]);
        }
        long affected = 0;
        long lastInsertId = 0;
        for (int r = 0; r < rows.length; r++) {
            StatementResult.Ok ok = table.insert(context, rows[r]);
            affected += ok.affectedRows();
            lastInsertId = r == 0 ? ok.lastInsertId() : lastInsertId;
        }
        return new StatementResult.Ok(affected, lastInsertId);
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public List<ResultColumn> columns() {
        return List.of();
    }
}
