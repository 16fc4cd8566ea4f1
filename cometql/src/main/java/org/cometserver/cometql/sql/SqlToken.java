package org.cometserver.cometql.sql;

/**
 * One token of a statement.
 *
 * @param kind        what it is
 * @param text        the source text (for {@link Kind#QUOTED_ID} the unquoted name)
 * @param value       for literals the value: {@code String}, {@code Long}, {@code BigDecimal} or {@code Double}
 * @param sourceStart offset of the first character in the original statement
 * @param sourceEnd   offset after the last character in the original statement
 * @param spaceBefore whether whitespace or a comment preceded it
 */
public record SqlToken(Kind kind, String text, Object value, int sourceStart, int sourceEnd, boolean spaceBefore) {

    public enum Kind {
        /** Unquoted identifier or keyword. */
        WORD,
        /** {@code `name`}, or a quoted string CppComet reads as a name (INSERT column lists). */
        QUOTED_ID,
        STRING,
        NUMBER,
        /** A {@code ?} placeholder of a prepared statement. */
        PLACEHOLDER,
        /** {@code @@name}, {@code @@session.name}, {@code @@global.name}. */
        SYSTEM_VARIABLE,
        /** Operator or punctuation. */
        SYMBOL
    }

    public boolean isLiteral() {
        return kind == Kind.STRING || kind == Kind.NUMBER;
    }

    /** Whether this is the word or symbol {@code expected}, ignoring case. */
    public boolean is(String expected) {
        return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equalsIgnoreCase(expected);
    }

    /** The name of a WORD or QUOTED_ID, else null. */
    public String identifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_ID ? text : null;
    }
}
