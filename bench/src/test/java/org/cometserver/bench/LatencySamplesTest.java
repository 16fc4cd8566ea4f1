package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySamplesTest {
    @Test
    void mergesWorkersAndTakesNearestRankPercentiles() {
        LatencySamples a = new LatencySamples();
        LatencySamples b = new LatencySamples();
        for (int i = 1; i <= 100; i++) {
            (i % 2 == 0 ? a : b).add(i);
        }
        long[] sorted = LatencySamples.sortedUnion(List.of(a, b));
        assertEquals(100, sorted.length);
        assertEquals(50, LatencySamples.percentile(sorted, 0.50));
        assertEquals(99, LatencySamples.percentile(sorted, 0.99));
        assertEquals(100, LatencySamples.percentile(sorted, 1.0));
    }

    @Test
    void countsSamplesBeyondItsCapAsDropped() {
        LatencySamples samples = new LatencySamples();
        for (int i = 0; i < LatencySamples.MAX_SAMPLES + 5; i++) {
            samples.add(1);
        }
        assertEquals(LatencySamples.MAX_SAMPLES, samples.size());
        assertEquals(5, samples.dropped());
    }

    @Test
    void reportsZeroWithoutSamples() {
        assertArrayEquals(new long[0], LatencySamples.sortedUnion(List.of()));
        assertEquals(0, LatencySamples.percentile(new long[0], 0.99));
    }
}
