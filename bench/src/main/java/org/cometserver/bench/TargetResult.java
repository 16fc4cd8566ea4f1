package org.cometserver.bench;

import java.util.Locale;

/**
 * What one target did in its measuring window.
 *
 * @param serverCpuNanos server process CPU time during the window, or -1 when its pid was not given
 * @param clientCpuNanos this JVM's CPU time during the window (all threads)
 * @param errors         ERR answers in any phase
 * @param problem        first ERR text or I/O failure, or null
 */
record TargetResult(String name, int connections, int depth, long queries, double seconds, long p50Nanos,
                    long p99Nanos, long serverCpuNanos, long clientCpuNanos, long errors, long ioFailures,
                    String problem) {

    static final String HEADER = String.format(Locale.ROOT, "%-8s %5s %5s %10s %8s %8s %13s %13s %6s",
            "target", "conns", "depth", "ops/s", "p50 ms", "p99 ms", "server us/op", "client us/op", "errors");

    double opsPerSecond() {
        return seconds > 0 ? queries / seconds : 0;
    }

    boolean failed() {
        return errors > 0 || ioFailures > 0 || queries == 0;
    }

    /** One line under {@link #HEADER}. */
    String line() {
        return String.format(Locale.ROOT, "%-8s %5d %5d %10.0f %8.3f %8.3f %13s %13s %6d", name, connections, depth,
                opsPerSecond(), p50Nanos / 1e6, p99Nanos / 1e6,
                serverCpuNanos < 0 ? "n/a" : perQuery(serverCpuNanos), perQuery(clientCpuNanos), errors + ioFailures);
    }

    private String perQuery(long nanos) {
        return queries == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", nanos / 1e3 / queries);
    }
}
