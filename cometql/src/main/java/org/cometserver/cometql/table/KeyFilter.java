package org.cometserver.cometql.table;

import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a key lookup out of the filters Calcite pushes into a table scan: {@code key = v}, {@code key IN (…)}
 * (an OR of equalities, or a SEARCH over points once Calcite folded literals). The filter is removed from the
 * list, so Calcite does not apply it again, and the table answers with a lookup instead of a scan.
 */
final class KeyFilter {
    private KeyFilter() {
    }

    /**
     * The key values of the first filter that is a lookup on {@code column}, or null when there is none. A filter
     * that is only the lookup is removed from the list; a conjunction holding one (Calcite pushes
     * {@code AND(key = ?, other)} as one filter) stays for Calcite to apply to the looked-up rows, since a
     * filterable table may only leave filters it was given.
     */
    static List<Object> take(List<RexNode> filters, int column, DataContext root) {
        for (int i = 0; i < filters.size(); i++) {
            RexNode filter = filters.get(i);
            List<Object> values = new ArrayList<>();
            if (collect(filter, column, root, values)) {
                filters.remove(i);
                return values;
            }
            if (filter.getKind() == SqlKind.AND) {
                for (RexNode conjunct : ((RexCall) filter).getOperands()) {
                    values.clear();
                    if (collect(conjunct, column, root, values)) {
                        return values;
                    }
                }
            }
        }
        return null;
    }

    private static boolean collect(RexNode filter, int column, DataContext root, List<Object> values) {
        if (!(filter instanceof RexCall call)) {
            return false;
        }
        switch (call.getKind()) {
            case EQUALS -> {
                RexNode left = call.getOperands().get(0);
                RexNode right = call.getOperands().get(1);
                if (isColumn(left, column) && isValue(right)) {
                    values.add(value(right, root));
                    return true;
                }
                if (isColumn(right, column) && isValue(left)) {
                    values.add(value(left, root));
                    return true;
                }
                return false;
            }
            case OR -> {
                for (RexNode operand : call.getOperands()) {
                    if (!collect(operand, column, root, values)) {
                        return false;
                    }
                }
                return true;
            }
            case SEARCH -> {
                if (!isColumn(call.getOperands().get(0), column)
                        || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
                    return false;
                }
                Sarg<?> sarg = literal.getValueAs(Sarg.class);
                if (sarg == null || !sarg.isPoints()) {
                    return false;
                }
                sarg.rangeSet.asRanges().forEach(range -> values.add(plain(range.lowerEndpoint())));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean isColumn(RexNode node, int column) {
        RexNode inner = stripCast(node);
        return inner instanceof RexInputRef ref && ref.getIndex() == column;
    }

    static boolean isValue(RexNode node) {
        RexNode inner = stripCast(node);
        return inner instanceof RexDynamicParam || inner instanceof RexLiteral;
    }

    static RexNode stripCast(RexNode node) {
        RexNode current = node;
        while (current.getKind() == SqlKind.CAST) {
            current = ((RexCall) current).getOperands().get(0);
        }
        return current;
    }

    static Object value(RexNode node, DataContext root) {
        RexNode inner = stripCast(node);
        if (inner instanceof RexDynamicParam param) {
            return root.get(param.getName());
        }
        return plain(((RexLiteral) inner).getValue2());
    }

    static Object plain(Object value) {
        if (value instanceof NlsString nls) {
            return nls.getValue();
        }
        if (value instanceof BigDecimal decimal && decimal.scale() <= 0) {
            return decimal.longValueExact();
        }
        return value;
    }
}
