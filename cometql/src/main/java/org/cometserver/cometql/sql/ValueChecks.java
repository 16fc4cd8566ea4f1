package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlErrors;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks of a query's values that Calcite does not make: a negative {@code LIMIT}/{@code OFFSET} (MySQL: a syntax
 * error; Calcite ignores it) and a {@code REPEAT} count whose result cannot fit in a packet (Calcite would allocate
 * it, up to running out of memory). Found in the digest once, run on every execution with that execution's values.
 */
final class ValueChecks {
    /** For texts without values (inlined literals, the key query of DELETE/UPDATE). */
    static final ValueChecks NONE = new ValueChecks(new int[0], new int[0]);

    private final int[] limitValues;
    private final int[] repeatCounts;

    private ValueChecks(int[] limitValues, int[] repeatCounts) {
        this.limitValues = limitValues;
        this.repeatCounts = repeatCounts;
    }

    /** The value indexes of {@code digest}'s LIMIT/OFFSET values and of its {@code REPEAT(literal, literal)} counts. */
    static ValueChecks of(SqlDigest digest) {
        List<Integer> limits = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        List<SqlToken> tokens = digest.tokens();
        int[] valueIndex = new int[tokens.size()];
        int values = 0;
        for (int i = 0; i < tokens.size(); i++) {
            valueIndex[i] = isValue(tokens.get(i)) ? values++ : -1;
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (digest.is(i, "LIMIT") || digest.is(i, "OFFSET")) {
                addValue(limits, valueIndex, i + 1);
                if (digest.is(i, "LIMIT") && digest.is(i + 2, ",")) {
                    addValue(limits, valueIndex, i + 3);
                }
            }
            if (digest.is(i, "REPEAT") && digest.is(i + 1, "(") && digest.is(i + 3, ",") && digest.is(i + 5, ")")) {
                addValue(repeats, valueIndex, i + 4);
            }
        }
        return new ValueChecks(limits.stream().mapToInt(Integer::intValue).toArray(),
                repeats.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isValue(SqlToken token) {
        return token.isLiteral() || token.kind() == SqlToken.Kind.PLACEHOLDER;
    }

    private static void addValue(List<Integer> to, int[] valueIndex, int token) {
        if (token < valueIndex.length && valueIndex[token] >= 0) {
            to.add(valueIndex[token]);
        }
    }

    /** Throws ERR 1064 for a negative LIMIT/OFFSET, ERR 1301 for a REPEAT larger than {@code maxPacketSize}. */
    void check(List<Object> values, int maxPacketSize) {
        for (int index : limitValues) {
            if (values.get(index) instanceof Number n && n.doubleValue() < 0) {
                throw CometQlErrors.parseError(n.toString());
            }
        }
        for (int index : repeatCounts) {
            if (values.get(index) instanceof Number n && n.doubleValue() > maxPacketSize) {
                throw CometQlErrors.packetOverflowed("repeat()", maxPacketSize);
            }
        }
    }
}
