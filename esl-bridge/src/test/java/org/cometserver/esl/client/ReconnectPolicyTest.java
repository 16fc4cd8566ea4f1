package org.cometserver.esl.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectPolicyTest {

    @Test
    void growsExponentiallyWithJitterAndStaysUnderTheCap() {
        ReconnectPolicy policy = ReconnectPolicy.DEFAULT;   // 200 ms, x2, cap 30 s, 50 % jitter
        Random random = new Random(42);
        for (int attempt = 0; attempt < 100; attempt++) {
            double base = Math.min(200 * Math.pow(2, attempt), 30_000);
            long delay = policy.delay(attempt, random).toMillis();
            assertTrue(delay >= Math.round(base * 0.5) && delay <= Math.round(base), attempt + ": " + delay);
        }
    }

    @Test
    void jitterSpreadsNodesThatDroppedTogether() {
        ReconnectPolicy policy = ReconnectPolicy.DEFAULT;
        Random random = new Random(7);
        long distinct = java.util.stream.IntStream.range(0, 20).mapToLong(i -> policy.delay(5, random).toMillis()).distinct().count();
        assertTrue(distinct > 10);
    }

    @Test
    void withoutJitterTheDelayIsExact() {
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 3.0, 0.0);
        assertEquals(100, policy.delay(0, new Random()).toMillis());
        assertEquals(900, policy.delay(2, new Random()).toMillis());
        assertEquals(1000, policy.delay(3, new Random()).toMillis());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), 2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofMillis(1), Duration.ofSeconds(1), 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofMillis(1), Duration.ofSeconds(1), 2, 1.5));
    }
}
