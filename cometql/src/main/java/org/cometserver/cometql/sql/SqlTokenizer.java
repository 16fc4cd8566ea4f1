package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.sql.SqlToken.Kind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * MySQL-aware tokenizer: turns a statement into a {@link SqlDigest}. Every literal becomes a {@code ?} with its
 * value kept aside, so statements differing only in values share one digest and one Calcite plan. Strings are
 * unescaped as MySQL does ({@code \n \t \0 \\ \' \" \Z \r \b}, other {@code \x} → {@code x}, {@code \%} and
 * {@code \_} kept for LIKE, doubled quotes); comments ({@code /* *}{@code /}, {@code -- }, {@code #}) and trailing
 * {@code ;} are dropped. Column names of the schema are back-quoted in the digest, so names Calcite reserves
 * ({@code time}, {@code index}) still parse. Stateless and thread-safe.
 */
public final class SqlTokenizer {
    /** Words after which a {@code -} starts a negative number rather than a subtraction. */
    private static final Set<String> SIGN_CONTEXT_WORDS = caseInsensitive("SELECT", "WHERE", "AND", "OR", "NOT", "IN",
            "LIKE", "BETWEEN", "LIMIT", "OFFSET", "BY", "THEN", "ELSE", "WHEN", "VALUES", "SET", "ON", "HAVING");
    private static final Set<String> TABLE_CONTEXT_WORDS = caseInsensitive("FROM", "INTO", "JOIN", "UPDATE");
    /** Text of one-character symbols, shared: a statement is mostly punctuation, so no substring for each. */
    private static final String[] SINGLE_CHARACTER_SYMBOLS = new String[128];

    static {
        for (char c = 0; c < SINGLE_CHARACTER_SYMBOLS.length; c++) {
            SINGLE_CHARACTER_SYMBOLS[c] = String.valueOf(c).intern();
        }
    }


    /** Matched ignoring case without allocating: this runs for every word of every statement. */
    private final Set<String> columnNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    /**
     * The same names in an open-addressing table by {@link #foldedHash}, for {@link #plainDigest}: a word is
     * looked up in place (no substring), and only a word with a column's hash is compared character by character.
     */
    private final String[] columnSlots;
    private final int[] columnSlotHashes;

    /** Creates a tokenizer; {@code columnNames} are back-quoted in digests (as written, matched ignoring case). */
    public SqlTokenizer(Set<String> columnNames) {
        this.columnNames.addAll(columnNames);
        int slots = Integer.highestOneBit(Math.max(4, columnNames.size() * 4) - 1) << 1;
        this.columnSlots = new String[slots];
        this.columnSlotHashes = new int[slots];
        for (String name : this.columnNames) {
            int hash = foldedHash(name, 0, name.length());
            int slot = hash & (slots - 1);
            while (columnSlots[slot] != null) {
                slot = (slot + 1) & (slots - 1);
            }
            columnSlots[slot] = name;
            columnSlotHashes[slot] = hash;
        }
    }

    /** Tokenizes {@code sql}; an unterminated string, identifier or comment is a syntax error (ERR 3). */
    public SqlDigest digest(String sql) {
        List<SqlToken> tokens = tokenize(sql);
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
            tokens.remove(tokens.size() - 1);
        }
        return render(sql, tokens);
    }

    /**
     * The fast path of {@link #digest} for the statements that arrive all the time ({@code INSERT INTO
     * pipes_messages …}): the same digest text, with the literal values appended to {@code values} in order, but no
     * token objects. Returns null (and {@code values} is then to be discarded) for anything it leaves to
     * {@link #digest}: comments, {@code `names`}, {@code ?}, {@code @@variables}, any {@code -}, characters
     * outside ASCII except in strings, a {@code ;} before the end, or no token at all. An unterminated string is a
     * syntax error (ERR 3) here too.
     */
    public String plainDigest(String sql, List<Object> values) {
        int n = sql.length();
        StringBuilder text = new StringBuilder(n);
        int tokenCount = 0;
        int insertState = 0;
        boolean space = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c >= 128) {
                return null;
            }
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            if (c == ';') {
                if (!onlySemicolonsFrom(sql, i)) {
                    return null;
                }
                break;
            }
            char next = i + 1 < n ? sql.charAt(i + 1) : 0;
            if (c == '-' || c == '#' || c == '`' || c == '?' || (c == '/' && next == '*') || (c == '@' && next == '@')) {
                return null;
            }
            if (tokenCount > 0 && space) {
                text.append(' ');
            }
            int start = i;
            Kind kind;
            if (c == '\'' || c == '"') {
                kind = Kind.STRING;
                i = stringEnd(sql, i);
                if (insertState == 3) {
                    appendQuoted(text, stringValue(sql, start, i));
                } else {
                    text.append('?');
                    values.add(stringValue(sql, start, i));
                }
            } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                kind = Kind.NUMBER;
                i = readNumber(sql, i);
                text.append('?');
                values.add(numberValue(sql.substring(start, i)));
            } else if (isIdentifierStart(c)) {
                kind = Kind.WORD;
                while (i < n && isIdentifierPart(sql.charAt(i))) {
                    if (sql.charAt(i++) >= 128) {
                        return null;
                    }
                }
                if (isColumnName(sql, start, i) && !openParenthesisAt(sql, i)) {
                    text.append('`').append(sql, start, i).append('`');
                } else {
                    text.append(sql, start, i);
                }
            } else {
                kind = Kind.SYMBOL;
                i += symbolLength(sql, i);
                text.append(sql, start, i);
            }
            insertState = advanceInsertState(insertState, tokenCount, kind, sql, start, i);
            tokenCount++;
            space = false;
        }
        return tokenCount == 0 ? null : text.toString();
    }

    /** {@link InsertColumnList#advance} for a WORD, STRING, NUMBER or SYMBOL token at {@code sql[start, end)}. */
    private static int advanceInsertState(int state, int index, Kind kind, String sql, int start, int end) {
        boolean word = kind == Kind.WORD;
        if (index == 0) {
            return word && (matches(sql, start, end, "INSERT") || matches(sql, start, end, "REPLACE")) ? 1 : 0;
        }
        if (state == 1 && word && !matches(sql, start, end, "INTO") && !matches(sql, start, end, "IGNORE")) {
            return 2;
        }
        boolean symbol = kind == Kind.SYMBOL;
        if (state == 2) {
            return symbol && matches(sql, start, end, "(") ? 3 : symbol && matches(sql, start, end, ".") ? 1 : 0;
        }
        return state == 3 && symbol && matches(sql, start, end, ")") ? 0 : state;
    }

    private static boolean matches(String sql, int start, int end, String expected) {
        return end - start == expected.length() && sql.regionMatches(true, start, expected, 0, end - start);
    }

    private boolean isColumnName(String sql, int start, int end) {
        int hash = foldedHash(sql, start, end);
        int mask = columnSlots.length - 1;
        for (int slot = hash & mask; columnSlots[slot] != null; slot = (slot + 1) & mask) {
            if (columnSlotHashes[slot] == hash && matches(sql, start, end, columnSlots[slot])) {
                return true;
            }
        }
        return false;
    }

    /**
     * A hash equal for words that differ only in ASCII letter case ({@code | 0x20} folds A-Z onto a-z); other
     * characters may collide, which only costs a comparison.
     */
    private static int foldedHash(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + (text.charAt(i) | 0x20);
        }
        return hash;
    }

    /** Whether the next token after whitespace is {@code (} (a comment there makes {@link #plainDigest} give up). */
    private static boolean openParenthesisAt(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '(';
    }

    private static boolean onlySemicolonsFrom(String sql, int i) {
        for (; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c != ';' && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    List<SqlToken> tokenize(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        boolean space = false;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : 0;
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            if (c == '/' && next == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw CometQlErrors.syntax();
                }
                i = end + 2;
                space = true;
                continue;
            }
            if (c == '#' || (c == '-' && next == '-' && (i + 2 >= n || Character.isWhitespace(sql.charAt(i + 2))))) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                space = true;
                continue;
            }
            int start = i;
            if (c == '\'' || c == '"') {
                i = stringEnd(sql, i);
                // the source text of a string token is never needed (its position is): only the value is made
                tokens.add(new SqlToken(Kind.STRING, "", stringValue(sql, start, i), start, i, space));
            } else if (c == '`') {
                StringBuilder name = new StringBuilder();
                i = readQuotedIdentifier(sql, i, name);
                tokens.add(new SqlToken(Kind.QUOTED_ID, name.toString(), null, start, i, space));
            } else if (isDigit(c) || (c == '.' && isDigit(next))
                    || (c == '-' && (isDigit(next) || (next == '.' && i + 2 < n && isDigit(sql.charAt(i + 2))))
                    && signAllowed(tokens))) {
                i = readNumber(sql, c == '-' ? i + 1 : i);
                String text = sql.substring(start, i);
                tokens.add(new SqlToken(Kind.NUMBER, text, numberValue(text), start, i, space));
            } else if (isIdentifierStart(c)) {
                while (i < n && isIdentifierPart(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new SqlToken(Kind.WORD, sql.substring(start, i), null, start, i, space));
            } else if (c == '@' && next == '@') {
                i += 2;
                while (i < n && (isIdentifierPart(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new SqlToken(Kind.SYSTEM_VARIABLE, sql.substring(start, i), null, start, i, space));
            } else if (c == '?') {
                i++;
                tokens.add(new SqlToken(Kind.PLACEHOLDER, "?", null, start, i, space));
            } else {
                i += symbolLength(sql, i);
                String symbol = i - start == 1 && c < SINGLE_CHARACTER_SYMBOLS.length ? SINGLE_CHARACTER_SYMBOLS[c]
                        : sql.substring(start, i);
                tokens.add(new SqlToken(Kind.SYMBOL, symbol, null, start, i, space));
            }
            space = false;
        }
        return tokens;
    }

    private SqlDigest render(String sql, List<SqlToken> tokens) {
        StringBuilder text = new StringBuilder(sql.length());
        int[] starts = new int[tokens.size()];
        List<Object> values = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        InsertColumnList insertColumns = new InsertColumnList();
        for (int k = 0; k < tokens.size(); k++) {
            SqlToken token = tokens.get(k);
            SqlToken next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
            if (k > 0 && token.spaceBefore()) {
                text.append(' ');
            }
            starts[k] = text.length();
            switch (token.kind()) {
                case STRING -> {
                    // CppComet: INSERT INTO pipes_settings ("name","length") — quoted names in the column list.
                    if (insertColumns.inList()) {
                        appendQuoted(text, (String) token.value());
                    } else {
                        text.append('?');
                        values.add(token.value());
                    }
                }
                case NUMBER -> {
                    text.append('?');
                    values.add(token.value());
                }
                case PLACEHOLDER -> {
                    text.append('?');
                    values.add(SqlDigest.PLACEHOLDER);
                }
                case QUOTED_ID -> appendQuoted(text, token.text());
                case WORD -> {
                    if (columnNames.contains(token.text()) && (next == null || !next.is("("))) {
                        appendQuoted(text, token.text());
                    } else {
                        text.append(token.text());
                    }
                }
                default -> text.append(token.text());
            }
            insertColumns.advance(k, token);
            if (k > 0 && token.identifier() != null && tokens.get(k - 1).kind() == Kind.WORD
                    && TABLE_CONTEXT_WORDS.contains(tokens.get(k - 1).text())) {
                boolean qualified = next != null && next.is(".") && k + 2 < tokens.size()
                        && tokens.get(k + 2).identifier() != null;
                tables.add(qualified ? tokens.get(k + 2).identifier() : token.identifier());
            }
        }
        return new SqlDigest(sql, text.toString(), values, tokens, starts, tables);
    }

    /** Tracks whether the tokenizer is inside the column list of {@code INSERT [INTO] table (…)}. */
    private static final class InsertColumnList {
        private int state;

        boolean inList() {
            return state == 3;
        }

        void advance(int index, SqlToken token) {
            if (index == 0) {
                state = token.is("INSERT") || token.is("REPLACE") ? 1 : 0;
            } else if (state == 1 && token.identifier() != null && !token.is("INTO") && !token.is("IGNORE")) {
                state = 2;
            } else if (state == 2) {
                state = token.is("(") ? 3 : token.is(".") ? 1 : 0;
            } else if (state == 3 && token.is(")")) {
                state = 0;
            }
        }
    }

    private static void appendQuoted(StringBuilder text, String name) {
        text.append('`').append(name.replace("`", "``")).append('`');
    }

    private static boolean signAllowed(List<SqlToken> tokens) {
        if (tokens.isEmpty()) {
            return true;
        }
        SqlToken previous = tokens.get(tokens.size() - 1);
        return switch (previous.kind()) {
            case SYMBOL -> !previous.text().equals(")");
            case WORD -> SIGN_CONTEXT_WORDS.contains(previous.text());
            default -> false;
        };
    }

    /** Index after the closing quote of the string starting at {@code start}; ERR 3 when it is not closed. */
    private static int stringEnd(String sql, int start) {
        char quote = sql.charAt(start);
        int n = sql.length();
        for (int i = start + 1; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i + 1;
                }
            }
        }
        throw CometQlErrors.syntax();
    }

    /** The value of the string literal {@code sql[start, end)}, unescaped as MySQL does. */
    private static String stringValue(String sql, int start, int end) {
        char quote = sql.charAt(start);
        int last = end - 1;
        int firstEscape = start + 1;
        while (firstEscape < last && sql.charAt(firstEscape) != '\\' && sql.charAt(firstEscape) != quote) {
            firstEscape++;
        }
        if (firstEscape == last) {
            return sql.substring(start + 1, last);
        }
        StringBuilder value = new StringBuilder(last - start).append(sql, start + 1, firstEscape);
        for (int i = firstEscape; i < last; i++) {
            char c = sql.charAt(i);
            if (c == '\\') {
                char escaped = sql.charAt(++i);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case '0' -> value.append('\0');
                    case 'Z' -> value.append('\u001A');
                    case '%', '_' -> value.append('\\').append(escaped);
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
                if (c == quote) {
                    i++; // a doubled quote stands for one
                }
            }
        }
        return value.toString();
    }

    private static int readQuotedIdentifier(String sql, int start, StringBuilder name) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '`') {
                if (i + 1 < n && sql.charAt(i + 1) == '`') {
                    name.append('`');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            name.append(c);
            i++;
        }
        throw CometQlErrors.syntax();
    }

    private static int readNumber(String sql, int start) {
        int n = sql.length();
        int i = start;
        while (i < n && isDigit(sql.charAt(i))) {
            i++;
        }
        if (i < n && sql.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(sql.charAt(i))) {
                i++;
            }
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static Object numberValue(String text) {
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            return Double.parseDouble(text);
        }
        if (text.indexOf('.') >= 0) {
            return new BigDecimal(text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return new BigDecimal(text);
        }
    }

    /** Length of the operator at {@code i}: runs for every punctuation mark, so it only looks at characters. */
    private static int symbolLength(String sql, int i) {
        char c = sql.charAt(i);
        char next = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
        return switch (c) {
            case '<' -> next == '=' ? (i + 2 < sql.length() && sql.charAt(i + 2) == '>' ? 3 : 2) : next == '>' ? 2 : 1;
            case '>', '!' -> next == '=' ? 2 : 1;
            case '|' -> next == '|' ? 2 : 1;
            case '&' -> next == '&' ? 2 : 1;
            case ':' -> next == '=' ? 2 : 1;
            default -> 1;
        };
    }

    private static Set<String> caseInsensitive(String... words) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(words));
        return set;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return c == '_' || c == '$' || Character.isLetter(c);
    }

    private static boolean isIdentifierPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }
}
