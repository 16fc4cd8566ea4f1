package org.cometserver.cometql.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A SELECT without FROM whose list mixes session functions ({@link SessionFunctions}), {@code @@variables},
 * literals and {@code NULL} — {@code SELECT DATABASE(), USER() LIMIT 1} as the mariadb CLI's {@code status} sends
 * it. Calcite plans neither the functions nor the variables, so the whole list is answered here, one row,
 * labelled as MySQL does: the text as written, a string literal's value, or the alias. A list without any
 * function or variable is left to Calcite (it evaluates expressions).
 */
final class SessionSelect {
    private final SqlSession session;
    private final SqlDigest digest;
    private final List<Object> values;
    private final SystemVariables variables;
    private int position = 1;
    private int valueIndex;

    private SessionSelect(SqlSession session, SqlDigest digest, List<Object> values, SystemVariables variables) {
        this.session = session;
        this.digest = digest;
        this.values = values;
        this.variables = variables;
    }

    /** Whether {@code digest} is such a SELECT: items, each with an optional alias, then nothing or LIMIT n. */
    static boolean accepts(SqlDigest digest) {
        if (!digest.is(0, "SELECT")) {
            return false;
        }
        boolean session = false;
        int i = 1;
        while (true) {
            int end = itemEnd(digest, i);
            if (end < 0) {
                return false;
            }
            session |= digest.token(i).kind() == SqlToken.Kind.SYSTEM_VARIABLE || end == i + 3;
            i = aliasEnd(digest, end);
            if (digest.is(i, ",")) {
                i++;
            } else {
                return session && (digest.token(i) == null || isLimit(digest, i));
            }
        }
    }

    /** Answers a SELECT {@link #accepts} accepted; {@code values} are the statement's literal values in order. */
    static StatementResult execute(SqlSession session, SqlDigest digest, List<Object> values,
                                   SystemVariables variables) {
        return new SessionSelect(session, digest, values, variables).run();
    }

    private StatementResult run() {
        List<ResultColumn> columns = new ArrayList<>();
        List<String> row = new ArrayList<>();
        while (true) {
            SqlToken item = digest.token(position);
            int end = itemEnd(digest, position);
            String label = digest.source().substring(item.sourceStart(), digest.token(end - 1).sourceEnd());
            String value;
            if (item.kind() == SqlToken.Kind.SYSTEM_VARIABLE) {
                value = variables.value(item.text());
            } else if (end == position + 3) {
                value = SessionFunctions.value(item.text(), session);
            } else if (item.is("NULL")) {
                value = null;
            } else {
                Object literal = values.get(valueIndex++);
                value = literal == null ? null : item.kind() == SqlToken.Kind.NUMBER ? item.text()
                        : literal instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(literal);
                if (item.kind() != SqlToken.Kind.NUMBER) {
                    label = value; // MySQL labels a string literal (or a bound ?) with its value
                }
            }
            int afterAlias = aliasEnd(digest, end);
            if (afterAlias > end) {
                SqlToken alias = digest.token(afterAlias - 1);
                if (alias.kind() == SqlToken.Kind.STRING) {
                    valueIndex++; // a quoted alias was taken out as a literal value too
                }
                label = alias.kind() == SqlToken.Kind.STRING ? (String) alias.value() : alias.text();
            }
            columns.add(new ResultColumn(label));
            row.add(value);
            position = afterAlias;
            if (!digest.is(position, ",")) {
                break;
            }
            position++;
        }
        List<String[]> rows = new ArrayList<>();
        boolean limitZero = digest.is(position, "LIMIT") && values.get(valueIndex) instanceof Number n
                && n.longValue() == 0;
        if (!limitZero) {
            rows.add(row.toArray(String[]::new));
        }
        return new StatementResult.Rows(columns, rows);
    }

    /** The token after the item starting at {@code i}, or -1 if no session-select item starts there. */
    private static int itemEnd(SqlDigest digest, int i) {
        SqlToken token = digest.token(i);
        if (token == null) {
            return -1;
        }
        if (token.kind() == SqlToken.Kind.SYSTEM_VARIABLE || token.isLiteral()
                || token.kind() == SqlToken.Kind.PLACEHOLDER || token.is("NULL")) {
            return i + 1;
        }
        if (token.kind() == SqlToken.Kind.WORD && digest.is(i + 1, "(") && digest.is(i + 2, ")")
                && SessionFunctions.known(token.text())) {
            return i + 3;
        }
        return -1;
    }

    /** The token after the optional {@code [AS] alias} at {@code i}. */
    private static int aliasEnd(SqlDigest digest, int i) {
        int at = digest.is(i, "AS") ? i + 1 : i;
        SqlToken alias = digest.token(at);
        boolean isAlias = alias != null && (alias.kind() == SqlToken.Kind.QUOTED_ID
                || alias.kind() == SqlToken.Kind.STRING
                || alias.kind() == SqlToken.Kind.WORD && !alias.is("LIMIT") && !alias.is("FROM"));
        return isAlias ? at + 1 : i;
    }

    /** {@code LIMIT n} ends the statement. */
    private static boolean isLimit(SqlDigest digest, int i) {
        SqlToken count = digest.token(i + 1);
        return digest.is(i, "LIMIT") && count != null && (count.kind() == SqlToken.Kind.NUMBER
                || count.kind() == SqlToken.Kind.PLACEHOLDER) && digest.tokens().size() == i + 2;
    }
}
