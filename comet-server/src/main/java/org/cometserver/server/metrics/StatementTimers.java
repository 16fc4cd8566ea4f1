package org.cometserver.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.cometserver.cometql.spi.StatementTimings;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code comet.cometql.statements}: a timer per table and result (ok, error) with count, sum and max only (no
 * percentile histogram), so a statement costs two clock reads, one map read and one update of a lock-free timer.
 * The engine names a table from a fixed set (CometQL's tables, {@code none}, {@code other}); past
 * {@link #MAX_TABLES} names anyway, the rest count as {@code other}, so the series stay bounded.
 */
final class StatementTimers implements StatementTimings {
    static final int MAX_TABLES = 32;

    private record Pair(Timer ok, Timer error) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Pair> timers = new ConcurrentHashMap<>();
    private final Pair other;

    StatementTimers(MeterRegistry registry) {
        this.registry = registry;
        this.other = pair(OTHER_TABLE);
        timers.put(OTHER_TABLE, other);
        timers.put(NO_TABLE, pair(NO_TABLE));
    }

    @Override
    public void completed(String table, long nanos, boolean ok) {
        Pair pair = timers.get(table);
        if (pair == null) {
            pair = timers.size() < MAX_TABLES ? timers.computeIfAbsent(table, this::pair) : other;
        }
        (ok ? pair.ok() : pair.error()).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Pair pair(String table) {
        return new Pair(timer(table, "ok"), timer(table, "error"));
    }

    private Timer timer(String table, String result) {
        return Timer.builder("comet.cometql.statements").description("CometQL statements executed")
                .tag("table", table).tag("result", result).register(registry);
    }
}
