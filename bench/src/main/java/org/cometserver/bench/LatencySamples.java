package org.cometserver.bench;

import java.util.Arrays;
import java.util.List;

/** Round-trip times of sampled requests, kept by one worker; merged after the run for percentiles. */
final class LatencySamples {
    /** 8 MiB per worker at most; beyond it samples are counted as dropped rather than growing the heap. */
    static final int MAX_SAMPLES = 1 << 20;

    private long[] nanos;
    private int size;
    private long dropped;

    LatencySamples() {
        this(4096);
    }

    /** Room for {@code expected} samples at once (capped), so that a measured phase does not grow the array. */
    LatencySamples(int expected) {
        nanos = new long[Math.max(16, Math.min(MAX_SAMPLES, expected))];
    }

    void add(long elapsedNanos) {
        if (size == nanos.length) {
            if (size == MAX_SAMPLES) {
                dropped++;
                return;
            }
            nanos = Arrays.copyOf(nanos, Math.min(MAX_SAMPLES, size * 2));
        }
        nanos[size++] = elapsedNanos;
    }

    int size() {
        return size;
    }

    long dropped() {
        return dropped;
    }

    /** Sorted copy of every worker's samples. */
    static long[] sortedUnion(List<LatencySamples> all) {
        int total = 0;
        for (LatencySamples s : all) {
            total += s.size;
        }
        long[] merged = new long[total];
        int at = 0;
        for (LatencySamples s : all) {
            System.arraycopy(s.nanos, 0, merged, at, s.size);
            at += s.size;
        }
        Arrays.sort(merged);
        return merged;
    }

    /** Nearest-rank percentile of sorted samples, or 0 when there are none. */
    static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
