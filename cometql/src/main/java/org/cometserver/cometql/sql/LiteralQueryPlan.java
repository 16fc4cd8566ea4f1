package org.cometserver.cometql.sql;

import org.cometserver.cometql.table.QueryContext;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * A query Calcite cannot plan with {@code ?} in place of its literals ({@code SELECT 1}, {@code SELECT 'a'},
 * literals in the select list: their types are unknown). It is run with the literals written back into the
 * text, and that text is planned (and cached) as a query of its own.
 */
final class LiteralQueryPlan implements StatementPlan {
    private final String digest;
    private final int[] valuePositions;
    private final Function<String, StatementPlan> planner;
    private final ValueChecks checks;
    private final int maxPacketSize;
    private final String table;

    /**
     * @param digest         the digest text
     * @param valuePositions the offsets of the {@code ?} that stand for values, in order
     * @param planner        plans (or finds in the cache) a query text without values
     * @param checks         run on every execution's values before they are inlined
     * @param table          see {@link StatementPlan#table}
     */
    LiteralQueryPlan(String digest, int[] valuePositions, Function<String, StatementPlan> planner,
                     ValueChecks checks, int maxPacketSize, String table) {
        this.digest = digest;
        this.valuePositions = valuePositions;
        this.planner = planner;
        this.checks = checks;
        this.maxPacketSize = maxPacketSize;
        this.table = table;
    }

    /** The digest with each value written as a SQL literal. */
    String inline(List<Object> values) {
        StringBuilder sql = new StringBuilder(digest.length() + 16 * values.size());
        int from = 0;
        for (int i = 0; i < valuePositions.length; i++) {
            sql.append(digest, from, valuePositions[i]);
            appendLiteral(sql, values.get(i));
            from = valuePositions[i] + 1;
        }
        return sql.append(digest, from, digest.length()).toString();
    }

    private static void appendLiteral(StringBuilder sql, Object value) {
        if (value == null) {
            sql.append("NULL");
        } else if (value instanceof BigDecimal decimal) {
            sql.append(decimal.toPlainString());
        } else if (value instanceof Number || value instanceof Boolean) {
            sql.append(value);
        } else {
            String text = value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    : value.toString();
            sql.append('\'').append(text.replace("'", "''")).append('\'');
        }
    }

    @Override
    public StatementResult execute(QueryContext context, List<Object> values) {
        checks.check(values, maxPacketSize);
        return planner.apply(inline(values)).execute(context, List.of());
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public List<ResultColumn> columns() {
        return List.of();
    }
}
