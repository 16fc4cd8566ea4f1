package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.schema.CometSchema;
import org.cometserver.cometql.table.CometTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link SqlTokenizer#plainDigest} must give exactly the text and values of {@link SqlTokenizer#digest}, or give
 * up (null): checked over the statements of the tests and transcripts and over random statements built from
 * every kind of token, including the ones the fast path leaves to the full tokenizer.
 */
class PlainDigestTest {
    private static final String[] STATEMENTS = {
            "INSERT INTO pipes_messages (name, event, message) VALUES (\"bench_pipe\", \"bench\", \"hello\")",
            "INSERT INTO pipes_messages (name, event, message) VALUES ('web_chat', \"ev\", 'hi')",
            "insert into pipes_messages (name, event, message) values ('x', 'y', 'z');",
            "INSERT INTO pipes_messages (name, event, message) VALUES (\"p10\", \"ev2\", '{\"text\":\"hi\",\"n\":1}')",
            "INSERT INTO pipes_messages (name, event, message) VALUES ('a', 'b', '{\\\"a\\\":\\\"b\\\"}') ;; ",
            "INSERT INTO pipes_settings (\"name\",\"length\") VALUES ('p10', 10)",
            "INSERT INTO pipes_settings (\"na`me\",\"length\") VALUES ('p10', 10)",
            "REPLACE INTO users_auth (id, hash) VALUES (1,'abc')",
            "INSERT IGNORE INTO CometQL_v1.users_auth (id, hash) VALUES (2,'def')",
            "INSERT INTO users_messages (id, event, message) VALUES (1,'ev','hi'), (2, 'e', 'x')",
            "SELECT * FROM users_auth WHERE id IN (1,2,3)",
            "SELECT * FROM users_time WHERE id IN (1,2)",
            "SELECT name, `index`, event, message, user_id FROM pipes_messages WHERE name='p10'",
            "SELECT LENGTH(message), TIME FROM x",
            "SELECT LENGTH (message) FROM x",
            "SELECT COUNT(*),  MAX(id) FROM users_auth",
            "SELECT * FROM t WHERE id = -5 AND x IN (1, -2.5, 3e2) AND y - 1 > 9223372036854775808",
            "SELECT .5, 1.25, 7e-3, 2E+4, 1e, 12abc",
            "SELECT 'a\\nb\\tc\\0d\\\\e\\'f\\\"g\\Zh\\ri\\bj', '\\x\\y', '\\%\\_', 'it''s', \"say \"\"hi\"\"\"",
            "SELECT 'héllo wörld', \"日本\"",
            "SELECT naïve FROM t",
            "DELETE FROM pipes_messages WHERE name='p10'",
            "DELETE FROM users_auth WHERE id=2",
            "SHOW STATUS",
            "SHOW VARIABLES LIKE 'version%'",
            "select @@version_comment limit 1",
            "SELECT DATABASE()",
            "SET NAMES utf8mb4",
            "USE CometQL_v1",
            "/* mysql-connector-j */SELECT  @@session.auto_increment_increment AS x -- c\n # another\n ;;",
            "SELECT `time`, `we``ird` FROM `users_time` WHERE id IN (?, 5, ?)",
            "SELECT a--b",
            "SELECT 1; SELECT 2",
            ";;;",
            "   ",
            "SELECT a<=>b, c<>d, e>=f, g!=h, i||j, k&&l, @v:=1, m<=n",
            "SELECT\tid\r\nFROM\u000Busers_auth\u001C",
            "SELECT -.a, - .5, -.5, 1-.5",
            "SELECT 'abc",
            "SELECT \"abc\\\"",
    };

    private final SqlTokenizer tokenizer = new SqlTokenizer(columnNames());

    @Test
    void statementsOfTheTestsAndTranscripts() {
        for (String sql : STATEMENTS) {
            check(sql);
        }
    }

    @Test
    void randomStatementsFromEveryKindOfToken() {
        String[] fragments = {"INSERT", "insert", "REPLACE", "INTO", "IGNORE", "VALUES", "SELECT", "FROM", "WHERE",
                "AND", "IN", "LIMIT", "name", "NAME", "message", "Time", "index", "pipes_messages", "users_auth", "x",
                "$y", "_z", "(", ")", ",", ".", ";", "*", "=", "<=>", "<", ">=", "!=", "||", "&&", ":=", "+", "/",
                "-", "--", "-- c\n", "#c\n", "/* c */", "/*x", "'s'", "\"d\"", "'a\\'b'", "'it''s'", "\"q\"\"q\"",
                "'\\n\\%'", "'é'", "'", "5", "-5", "- 5", "1.5", ".5", "3e2", "1e", "9223372036854775808", "?", "@@v",
                "@x", "`q`", "`a``b`", "`", "é", "naïve", "\u2003", " ", "  ", "\t", "\n", ""};
        Random random = new Random(42);
        int compared = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sql = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int k = 0; k < length; k++) {
                sql.append(fragments[random.nextInt(fragments.length)]);
                if (random.nextInt(3) > 0) {
                    sql.append(' ');
                }
            }
            compared += check(sql.toString()) ? 1 : 0;
        }
        assertTrue(compared > 2_000, "only " + compared + " statements took the fast path");
    }

    @Test
    void thePublishStatementsTakeTheFastPath() {
        assertNotNull(tokenizer.plainDigest(STATEMENTS[0], new ArrayList<>()));
        assertNotNull(tokenizer.plainDigest(STATEMENTS[5], new ArrayList<>()));
        assertNotNull(tokenizer.plainDigest("INSERT INTO users_messages (id, event, message) VALUES (7, 'e', 'm');",
                new ArrayList<>()));
        assertNull(tokenizer.plainDigest("/* c */ " + STATEMENTS[0], new ArrayList<>()));
    }

    /**
     * Either the fast path gives up, or both agree on text and values, or both fail with the same error; true when
     * the fast path gave a digest.
     */
    private boolean check(String sql) {
        SqlDigest full;
        try {
            full = tokenizer.digest(sql);
        } catch (CometQlException e) {
            try {
                String text = tokenizer.plainDigest(sql, new ArrayList<>());
                assertNull(text, () -> "full tokenizer failed but the fast path gave a digest for: " + sql);
            } catch (CometQlException fast) {
                assertEquals(e.code(), fast.code(), sql);
            }
            return false;
        }
        List<Object> values = new ArrayList<>();
        String text;
        try {
            text = tokenizer.plainDigest(sql, values);
        } catch (CometQlException e) {
            return fail("fast path failed (" + e.getMessage() + ") where the full tokenizer did not: " + sql);
        }
        if (text == null) {
            return false;
        }
        assertEquals(full.text(), text, sql);
        assertEquals(full.values(), values, sql);
        return true;
    }

    /** The column names the engine gives its tokenizer. */
    private static Set<String> columnNames() {
        Set<String> names = new HashSet<>();
        for (CometTable table : new CometSchema().cometTables().values()) {
            table.columns().forEach(column -> names.add(column.name()));
        }
        return names;
    }
}
