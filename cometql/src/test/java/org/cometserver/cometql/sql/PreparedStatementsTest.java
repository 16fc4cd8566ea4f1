package org.cometserver.cometql.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** COM_STMT_PREPARE / COM_STMT_EXECUTE through {@code prepare} and {@code executePrepared}. */
class PreparedStatementsTest {
    private final CometQlFixture f = new CometQlFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void insertAndSelectWithPlaceholders() {
        PreparedQuery insert = CometQlFixture.await(f.engine.prepare(f.session,
                "INSERT INTO users_auth (id, hash) VALUES (?, ?)"));
        assertEquals(2, insert.parameterCount());
        assertEquals(List.of(), insert.columns());
        f.prepared("INSERT INTO users_auth (id, hash) VALUES (?, ?)", 7L, "seven").ok(1, 7);
        f.prepared("INSERT INTO users_auth (id, hash) VALUES (?, 'eight')", "8").ok(1, 8);
        PreparedQuery select = CometQlFixture.await(f.engine.prepare(f.session,
                "SELECT id, hash FROM users_auth WHERE id IN (?, ?) ORDER BY id"));
        assertEquals(2, select.parameterCount());
        assertEquals(List.of("id", "hash"), select.columns().stream().map(ResultColumn::name).toList());
        f.prepared("SELECT id, hash FROM users_auth WHERE id IN (?, ?) ORDER BY id", 8L, "7".getBytes(
                StandardCharsets.UTF_8)).returns("id=7; hash=seven", "id=8; hash=eight");
        f.prepared("SELECT * FROM users_auth WHERE id = ? LIMIT ?", 7L, 1L).returns("id=7; hash=seven");
        f.prepared("SELECT ?, id FROM users_auth WHERE id = 7", "x").returns("x=x; id=7");
        f.prepared("DELETE FROM users_auth WHERE id = ?", 8L).ok(1);
        f.prepared("INSERT INTO pipes_messages (name, event, message) VALUES (?, ?, ?)", "web_chat", "e", "m").ok(1);
        f.prepared("SHOW VARIABLES LIKE ?", "lower_case%").returns("Variable_name=lower_case_table_names; Value=0");
        f.prepared("SELECT @@version_comment").columns("@@version_comment");
    }

    @Test
    void wrongParameterCountAndPlaceholderInTextQuery() {
        PreparedQuery query = CometQlFixture.await(f.engine.prepare(f.session, "SELECT * FROM users_auth WHERE id = ?"));
        f.sql("SELECT 1").returns("1=1");
        new CometQlFixture.Check(() -> f.engine.executePrepared(f.session, query, List.of()), "no parameters")
                .fails(1210, "Incorrect arguments to mysqld_stmt_execute");
        f.sql("SELECT * FROM users_auth WHERE id = ?").fails(3, "Syntax error in query");
    }
}
