package org.cometserver.cometql.sql;

import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.QueryContext;

import java.util.List;
import java.util.Set;

/**
 * DELETE as "select the key columns with the same WHERE through Calcite (or a {@link PointReadPlan}), then delete
 * those keys": the full WHERE
 * (OR, comparisons, several columns) is honoured, and the table receives exactly the rows to remove. The key
 * query refuses to scan a whole table (ERR 13, as CppComet), so a keyless DELETE never empties one.
 * UPDATE (conference_members, a later issue) can follow the same shape.
 */
final class DeletePlan implements StatementPlan {
    private final CometTable table;
    private final PointReadPlan.KeyQuery keyQuery;
    private final Set<String> whereColumns;

    DeletePlan(CometTable table, PointReadPlan.KeyQuery keyQuery, Set<String> whereColumns) {
        this.table = table;
        this.keyQuery = keyQuery;
        this.whereColumns = whereColumns;
    }

    @Override
    public StatementResult execute(QueryContext context, List<Object> values) {
        List<Object[]> keys = keyQuery.fetch(context.withKeyRequired(true), values);
        if (keys.isEmpty()) {
            return StatementResult.Ok.EMPTY;
        }
        return new StatementResult.Ok(table.delete(context, keys, whereColumns), 0);
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
