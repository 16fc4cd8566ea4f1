package org.cometserver.server.wiring;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeBasedUuidTest {

    @Test
    void version1UniqueEvenWithAStoppedClock() {
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        TimeBasedUuid uuids = new TimeBasedUuid(Clock.fixed(at, ZoneOffset.UTC));
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            UUID uuid = uuids.next();
            assertEquals(1, uuid.version());
            assertEquals(2, uuid.variant());
            assertEquals(36, uuid.toString().length());
            assertTrue(seen.add(uuid));
        }
        UUID first = new TimeBasedUuid(Clock.fixed(at, ZoneOffset.UTC)).next();
        // UUID.timestamp() counts 100 ns from 1582-10-15
        assertEquals(at.toEpochMilli(), (first.timestamp() - 0x01B21DD213814000L) / 10_000);
    }
}
