package org.cometserver.server.calls;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalRateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstAtOnceThenTheRate() {
        SignalRate rate = new SignalRate(10, 3, 0);
        assertTrue(rate.tryTake(0));
        assertTrue(rate.tryTake(0));
        assertTrue(rate.tryTake(0));
        assertFalse(rate.tryTake(0), "the burst is spent");
        assertFalse(rate.tryTake(SECOND / 20), "half a token");
        assertTrue(rate.tryTake(SECOND / 10));
        assertFalse(rate.tryTake(SECOND / 10));
        // a long pause refills the burst, no more
        for (int i = 0; i < 3; i++) {
            assertTrue(rate.tryTake(100 * SECOND));
        }
        assertFalse(rate.tryTake(100 * SECOND));
    }
}
