package org.cometserver.server.store;

import org.cometserver.server.config.DbSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2StoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected DbSection newDatabase() {
        return new DbSection("", 3306, "", "", "", 1, dir.resolve("comet").toString(), 4, 0);
    }

    @Test
    void urlIsAbsoluteH2InMySqlMode() {
        String url = JdbcStore.jdbcUrl(new DbSection("", 3306, "", "", "", 1, "./data/comet", 4, 0));
        assertTrue(url.startsWith("jdbc:h2:file:/"), url);
        assertTrue(url.endsWith("/data/comet;MODE=MySQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0"), url);
    }

    @Test
    void unreachableServerFailsAfterEveryAttempt() {
        DbSection db = new DbSection("127.0.0.1", 1, "root", "", "none", 2, "", 2, 0);
        StoreException e = assertThrows(StoreException.class, () -> JdbcStore.open(db, Duration.ofMillis(10)));
        assertTrue(e.getMessage().startsWith("cannot connect to MySQL 127.0.0.1:1/none"), e.getMessage());
        assertEquals("jdbc:mysql://127.0.0.1:1/none?characterEncoding=UTF-8&connectionTimeZone=UTC"
                + "&allowPublicKeyRetrieval=true", JdbcStore.jdbcUrl(db));
    }
}
