package org.cometserver.cometql.table;

import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pushed-down filters a table applies to its rows itself: conjunctions of {@code column op value} ({@code =, <>,
 * <, <=, >, >=}, {@code IN} as a SEARCH over points). Calcite applies any filter left in the list with its
 * interpreter, which compiles the expression with Janino on every execution (milliseconds each); a filter evaluated
 * here is removed from the list. A filter with anything else (functions, OR of columns, values whose type does not
 * match the column's) is left to Calcite.
 */
final class RowFilter {
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);

    /** A NULL value: comparisons with it are never true. */
    private static final Object NULL = new Object();

    /** One {@code column op value}; {@code values} holds one value, or the points of an IN. */
    private record Condition(int column, SqlKind op, List<Object> values) {
        boolean test(Object[] row) {
            Object cell = row[column];
            if (cell == null) {
                return false;
            }
            if (op == SqlKind.SEARCH) {
                return values.stream().anyMatch(v -> v != NULL && compare(cell, v) == 0);
            }
            if (values.get(0) == NULL) {
                return false; // a comparison with NULL is unknown, and WHERE keeps only true
            }
            int c = compare(cell, values.get(0));
            return switch (op) {
                case EQUALS -> c == 0;
                case NOT_EQUALS -> c != 0;
                case LESS_THAN -> c < 0;
                case LESS_THAN_OR_EQUAL -> c <= 0;
                case GREATER_THAN -> c > 0;
                default -> c >= 0;
            };
        }
    }

    private RowFilter() {
    }

    /** Applies every filter of the list it can evaluate to {@code rows}, removing those filters from the list. */
    static List<Object[]> apply(List<RexNode> filters, List<Object[]> rows, DataContext root) {
        List<Object[]> result = rows;
        for (int i = filters.size() - 1; i >= 0; i--) {
            List<Condition> conditions = conditions(filters.get(i), root, result);
            if (conditions == null) {
                continue;
            }
            filters.remove(i);
            List<Object[]> kept = new ArrayList<>(result.size());
            for (Object[] row : result) {
                if (conditions.stream().allMatch(condition -> condition.test(row))) {
                    kept.add(row);
                }
            }
            result = kept;
        }
        return result;
    }

    /** The filter as conditions, or null when it holds something this class does not evaluate. */
    private static List<Condition> conditions(RexNode filter, DataContext root, List<Object[]> rows) {
        List<RexNode> conjuncts = filter.getKind() == SqlKind.AND ? ((RexCall) filter).getOperands() : List.of(filter);
        List<Condition> conditions = new ArrayList<>(conjuncts.size());
        for (RexNode conjunct : conjuncts) {
            Condition condition = condition(conjunct, root);
            if (condition == null || !comparableWithColumn(condition, rows)) {
                return null;
            }
            conditions.add(condition);
        }
        return conditions;
    }

    private static Condition condition(RexNode node, DataContext root) {
        if (!(node instanceof RexCall call)) {
            return null;
        }
        if (call.getKind() == SqlKind.SEARCH) {
            RexNode column = KeyFilter.stripCast(call.getOperands().get(0));
            if (!(column instanceof RexInputRef ref) || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
                return null;
            }
            Sarg<?> sarg = literal.getValueAs(Sarg.class);
            if (sarg == null || !sarg.isPoints()) {
                return null;
            }
            List<Object> points = new ArrayList<>();
            sarg.rangeSet.asRanges().forEach(range -> points.add(KeyFilter.plain(range.lowerEndpoint())));
            return new Condition(ref.getIndex(), SqlKind.SEARCH, points);
        }
        if (!COMPARISONS.contains(call.getKind())) {
            return null;
        }
        RexNode left = KeyFilter.stripCast(call.getOperands().get(0));
        RexNode right = KeyFilter.stripCast(call.getOperands().get(1));
        if (left instanceof RexInputRef ref && KeyFilter.isValue(right)) {
            return new Condition(ref.getIndex(), call.getKind(), List.of(valueOrNull(right, root)));
        }
        if (right instanceof RexInputRef ref && KeyFilter.isValue(left)) {
            return new Condition(ref.getIndex(), call.getKind().reverse(), List.of(valueOrNull(left, root)));
        }
        return null;
    }

    private static Object valueOrNull(RexNode node, DataContext root) {
        Object value = KeyFilter.value(node, root);
        return value == null ? NULL : value;
    }

    /** Numbers compare with numbers, text with text; anything else (casts between them) is left to Calcite. */
    private static boolean comparableWithColumn(Condition condition, List<Object[]> rows) {
        for (Object value : condition.values()) {
            if (value == NULL) {
                continue;
            }
            for (Object[] row : rows) {
                Object cell = row[condition.column()];
                if (cell != null && !(cell instanceof Number && value instanceof Number
                        || cell instanceof String && value instanceof String)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code cell = value} as a pushed-down equality is evaluated here: false for a null on either side, numbers by
     * value, text exactly; a number against text (no cast here) is never equal.
     */
    static boolean equal(Object cell, Object value) {
        if (cell == null || value == null
                || !(cell instanceof Number && value instanceof Number || cell instanceof String && value instanceof String)) {
            return false;
        }
        return compare(cell, value) == 0;
    }

    private static int compare(Object cell, Object value) {
        if (cell instanceof String text) {
            return Integer.signum(text.compareTo((String) value));
        }
        return decimal((Number) cell).compareTo(decimal((Number) value));
    }

    private static BigDecimal decimal(Number number) {
        return number instanceof BigDecimal d ? d
                : number instanceof Double || number instanceof Float ? BigDecimal.valueOf(number.doubleValue())
                : BigDecimal.valueOf(number.longValue());
    }
}
