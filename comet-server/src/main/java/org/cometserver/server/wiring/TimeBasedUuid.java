package org.cometserver.server.wiring;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Version-1 (time-based) UUIDs, as CppComet used for conference call keys (§4.2 step 4): a 60-bit count of 100 ns
 * since 1582-10-15, a random clock sequence and a random multicast node id chosen once per process. Strictly
 * increasing timestamps make two keys of the same process distinct even within one clock tick.
 */
final class TimeBasedUuid {
    /** 100 ns intervals between 1582-10-15 and 1970-01-01. */
    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;

    private final Clock clock;
    private final long clockSeqAndNode;
    private final AtomicLong lastTimestamp = new AtomicLong();

    TimeBasedUuid(Clock clock) {
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        long node = random.nextLong() & 0xFFFF_FFFF_FFFFL | 0x0100_0000_0000L; // multicast bit: not a MAC address
        long clockSeq = random.nextInt(0x4000);
        this.clockSeqAndNode = (0x8000L | clockSeq) << 48 | node; // variant 10
    }

    UUID next() {
        long now = clock.millis() * 10_000 + GREGORIAN_OFFSET;
        long timestamp = lastTimestamp.updateAndGet(last -> Math.max(last + 1, now));
        long timeLow = timestamp & 0xFFFF_FFFFL;
        long timeMid = (timestamp >>> 32) & 0xFFFFL;
        long timeHigh = (timestamp >>> 48) & 0x0FFFL;
        long mostSignificant = timeLow << 32 | timeMid << 16 | 0x1000L | timeHigh; // version 1
        return new UUID(mostSignificant, clockSeqAndNode);
    }
}
