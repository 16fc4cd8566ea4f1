package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsMatchTheIssue() {
        BenchOptions options = BenchOptions.parse("cometql.port=3307", "mariadb.port=3306", "mariadb.pid=42");
        assertEquals(8, options.connections());
        assertEquals(3, options.warmupSeconds());
        assertEquals(10, options.durationSeconds());
        assertEquals(1, options.pipelineDepth());
        assertEquals(1, options.rounds());
        BenchTarget cometql = options.targets().get(0);
        assertEquals(new BenchTarget("cometql", "127.0.0.1", 3307, "root", "CometQLPassword", "CometQL_v1",
                BenchOptions.COMETQL_INSERT, 0), cometql);
        BenchTarget mariadb = options.targets().get(1);
        assertEquals("DO 1", mariadb.sql());
        assertEquals("", mariadb.password());
        assertNull(mariadb.database());
        assertEquals(42, mariadb.pid());
    }

    @Test
    void runsOnlyTargetsWithAPort() {
        BenchOptions options = BenchOptions.parse("mariadb.port=3306", "connections=2", "duration=1", "rounds=3");
        assertEquals(3, options.rounds());
        assertEquals(1, options.targets().size());
        assertEquals("mariadb", options.targets().get(0).name());
        assertEquals(2, options.connections());
    }

    @Test
    void keepsEqualsSignsInsideValues() {
        BenchOptions options = BenchOptions.parse("cometql.port=1", "cometql.sql=SELECT * FROM pipes WHERE name = 'a'");
        assertEquals("SELECT * FROM pipes WHERE name = 'a'", options.targets().get(0).sql());
    }

    @Test
    void refusesUnknownKeysBadNumbersAndNoTarget() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("mariadb.port=1", "conections=8"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("mariadb.port=x"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("mariadb.port=1", "connections=0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("connections=8"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("redis.port=6379"));
    }
}
