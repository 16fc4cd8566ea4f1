package org.cometserver.server.health;

import org.cometserver.server.config.CometConfig;
import org.cometserver.server.store.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness of the store: answered recently, failing, or silent (a probe that hangs never reports). */
class StoreProbeTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void answeringThenSilentThenFailing() {
        MovableClock clock = new MovableClock();
        JdbcStore store = JdbcStore.open(CometConfig.parse("[db]\nembedded_path = " + dir.resolve("comet")).db());
        StoreProbe probe = new StoreProbe(store, clock);
        assertEquals(Optional.empty(), probe.problem(), "just opened");
        probe.probe();
        assertEquals(Optional.empty(), probe.problem());
        clock.now = clock.now.plus(StoreProbe.STALE_AFTER).plusSeconds(1);
        assertEquals(Optional.of("store: no answer for 16 s"), probe.problem(), "no probe came back");
        probe.probe();
        assertEquals(Optional.empty(), probe.problem());
        store.close();
        probe.probe();
        assertTrue(probe.problem().orElseThrow().startsWith("store: "), probe.problem().toString());
    }
}
