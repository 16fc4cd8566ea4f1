package org.cometserver.cometql.sql;

import java.util.List;

/**
 * A statement with every literal taken out: {@code text} is the normalised statement with {@code ?} where the
 * literals and placeholders were (the plan-cache key, and what Calcite parses); {@code values} holds their values
 * in order, {@link #PLACEHOLDER} for a prepared statement's {@code ?}.
 *
 * @param source      the statement as received
 * @param text        normalised text (single line)
 * @param values      literal values, {@link #PLACEHOLDER} for placeholders
 * @param tokens      the tokens, for statements answered without Calcite
 * @param digestStart per token, its column (0-based) in {@code text}
 * @param tables      table names as written after FROM, INTO, JOIN, UPDATE
 */
public record SqlDigest(String source, String text, List<Object> values, List<SqlToken> tokens, int[] digestStart,
                        List<String> tables) {

    /** Marks a {@code ?} placeholder among {@link #values}. */
    public static final Object PLACEHOLDER = new Object() {
        @Override
        public String toString() {
            return "?";
        }
    };

    public int placeholderCount() {
        int count = 0;
        for (Object value : values) {
            if (value == PLACEHOLDER) {
                count++;
            }
        }
        return count;
    }

    public SqlToken token(int index) {
        return index < tokens.size() ? tokens.get(index) : null;
    }

    /** Whether the token at {@code index} is the word or symbol {@code expected}, ignoring case. */
    public boolean is(int index, String expected) {
        SqlToken token = token(index);
        return token != null && token.is(expected);
    }

    /** The original text of the tokens covering digest columns {@code start…end} (0-based, inclusive). */
    public String sourceText(int start, int end) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (digestStart[i] <= end && (i + 1 == tokens.size() || digestStart[i + 1] > start)) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            return "";
        }
        // Calcite's position of a call may end before its closing parentheses: take them along.
        int depth = 0;
        for (int i = first; i <= last; i++) {
            depth += tokens.get(i).is("(") ? 1 : tokens.get(i).is(")") ? -1 : 0;
        }
        while (depth > 0 && last + 1 < tokens.size() && tokens.get(last + 1).is(")")) {
            last++;
            depth--;
        }
        return source.substring(tokens.get(first).sourceStart(), tokens.get(last).sourceEnd());
    }

    /** Offsets in {@link #text} of the {@code ?} that stand for {@link #values}, in order. */
    public int[] valuePositions() {
        int[] positions = new int[values.size()];
        int count = 0;
        for (int i = 0; i < tokens.size() && count < positions.length; i++) {
            SqlToken token = tokens.get(i);
            if ((token.isLiteral() || token.kind() == SqlToken.Kind.PLACEHOLDER) && text.charAt(digestStart[i]) == '?') {
                positions[count++] = digestStart[i];
            }
        }
        return positions;
    }

    /** The digest text from token {@code index} on. */
    public String textFrom(int index) {
        return index < tokens.size() ? text.substring(digestStart[index]) : "";
    }
}
