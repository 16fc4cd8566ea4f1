package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqlTokenizerTest {
    private final SqlTokenizer tokenizer = new SqlTokenizer(Set.of("id", "name", "time", "length", "event", "message"));

    private SqlDigest digest(String sql) {
        return tokenizer.digest(sql);
    }

    @Test
    void literalsBecomeParameters() {
        SqlDigest d = digest("INSERT INTO pipes_messages (name, event, message) VALUES ('web_chat', \"ev\", 'hi')");
        assertEquals("INSERT INTO pipes_messages (`name`, `event`, `message`) VALUES (?, ?, ?)", d.text());
        assertEquals(List.of("web_chat", "ev", "hi"), d.values());
        assertEquals(List.of("pipes_messages"), d.tables());
        assertEquals(d.text(), digest("insert into pipes_messages (name, event, message) values ('x', 'y', 'z')")
                .text().replace("insert into", "INSERT INTO").replace("values", "VALUES"));
    }

    @Test
    void mysqlEscapesAreUnescaped() {
        assertEquals(List.of("a\nb\tc\0d\\e'f\"g\u001Ah\ri\bj"),
                digest("SELECT 'a\\nb\\tc\\0d\\\\e\\'f\\\"g\\Zh\\ri\\bj'").values());
        assertEquals(List.of("xy", "\\%\\_"), digest("SELECT '\\x\\y', '\\%\\_'").values());
        assertEquals(List.of("it's", "say \"hi\""), digest("SELECT 'it''s', \"say \"\"hi\"\"\"").values());
        assertEquals(List.of("{\"a\":\"b\"}"), digest("SELECT '{\\\"a\\\":\\\"b\\\"}'").values());
        assertEquals(List.of(""), digest("SELECT ''").values());
    }

    @Test
    void numbersAndSigns() {
        SqlDigest d = digest("SELECT * FROM t WHERE id = -5 AND x IN (1, -2.5, 3e2) AND y - 1 > 9223372036854775808");
        assertEquals("SELECT * FROM t WHERE `id` = ? AND x IN (?, ?, ?) AND y - ? > ?", d.text());
        assertEquals(Arrays.asList(-5L, 1L, new BigDecimal("-2.5"), 300.0, 1L, new BigDecimal("9223372036854775808")),
                d.values());
        assertEquals(List.of(-1L), digest("SELECT -1").values());
    }

    @Test
    void commentsTrailingSemicolonsAndWhitespace() {
        SqlDigest d = digest("/* mysql-connector-j-26.10.0 */SELECT  @@session.auto_increment_increment AS x -- c\n"
                + " # another\n ;;");
        assertEquals("SELECT @@session.auto_increment_increment AS x", d.text());
        assertEquals(SqlToken.Kind.SYSTEM_VARIABLE, d.token(1).kind());
        assertEquals("", digest(";;;").text());
        assertEquals("SELECT a--b", digest("SELECT a--b").text());
    }

    @Test
    void placeholdersAndBackticks() {
        SqlDigest d = digest("SELECT `time`, `we``ird` FROM `users_time` WHERE id IN (?, 5, ?)");
        assertEquals("SELECT `time`, `we``ird` FROM `users_time` WHERE `id` IN (?, ?, ?)", d.text());
        assertEquals(2, d.placeholderCount());
        assertSame(SqlDigest.PLACEHOLDER, d.values().get(0));
        assertEquals(5L, d.values().get(1));
        assertEquals(List.of("users_time"), d.tables());
    }

    @Test
    void quotedNamesInInsertColumnListAreIdentifiers() {
        SqlDigest d = digest("INSERT INTO pipes_settings (\"name\",\"length\") VALUES ('p10', 10)");
        assertEquals("INSERT INTO pipes_settings (`name`,`length`) VALUES (?, ?)", d.text());
        assertEquals(List.of("p10", 10L), d.values());
    }

    @Test
    void columnNamesAreQuotedButNotFunctions() {
        assertEquals("SELECT LENGTH(`message`), `TIME` FROM x", digest("SELECT LENGTH(message), TIME FROM x").text());
    }

    @Test
    void sourceTextMapsDigestColumnsBack() {
        SqlDigest d = digest("SELECT COUNT(*),  MAX(id) FROM users_auth");
        int start = d.text().indexOf("MAX");
        assertEquals("MAX(id)", d.sourceText(start, d.text().indexOf('`', start + 5)));
    }

    @Test
    void unterminatedIsSyntaxError() {
        assertEquals(3, assertThrows(CometQlException.class, () -> digest("SELECT 'abc")).code());
        assertEquals(3, assertThrows(CometQlException.class, () -> digest("SELECT `abc")).code());
        assertEquals(3, assertThrows(CometQlException.class, () -> digest("SELECT 1 /* x")).code());
    }
}
