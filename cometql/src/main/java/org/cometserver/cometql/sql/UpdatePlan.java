package org.cometserver.cometql.sql;

import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.QueryContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UPDATE in the shape of {@link DeletePlan}: the key columns are selected with the statement's WHERE (through
 * Calcite, or a {@link PointReadPlan}), then the table applies the assignments to exactly those rows. The SET values
 * come first among the statement's values, the WHERE values after them.
 */
final class UpdatePlan implements StatementPlan {
    /** A SET value written in the statement text (not a literal taken out by the tokenizer). */
    static final int CONSTANT = -1;

    private final CometTable table;
    private final PointReadPlan.KeyQuery keyQuery;
    private final List<String> columns;
    private final int[] valueIndexes;
    private final Object[] constants;
    private final int setValueCount;

    UpdatePlan(CometTable table, PointReadPlan.KeyQuery keyQuery, List<String> columns, int[] valueIndexes,
               Object[] constants, int setValueCount) {
        this.table = table;
        this.keyQuery = keyQuery;
        this.columns = columns;
        this.valueIndexes = valueIndexes;
        this.constants = constants;
        this.setValueCount = setValueCount;
    }

    @Override
    public StatementResult execute(QueryContext context, List<Object> values) {
        List<Object[]> keys = keyQuery.fetch(context.withKeyRequired(true),
                values.subList(setValueCount, values.size()));
        // the table sees an empty selection too: it checks the values and may call "nothing matched" an error
        Map<String, Object> assignments = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            assignments.put(columns.get(i), valueIndexes[i] == CONSTANT ? constants[i] : values.get(valueIndexes[i]));
        }
        return new StatementResult.Ok(table.update(context, keys, assignments), 0);
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
