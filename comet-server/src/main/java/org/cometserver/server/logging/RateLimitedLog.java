package org.cometserver.server.logging;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning that outside input can trigger at any rate (accept failures, failed logins): the first one is logged,
 * the following ones within {@code interval} are only counted, and the next line after the interval says how many
 * were left out. Thread-safe and lock-free, so a flood costs a counter increment per event, not a log line.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalMillis;
    private final Clock clock;
    /** When the last line was written; {@link Long#MIN_VALUE}: never. */
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, Duration interval, Clock clock) {
        this.log = log;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
    }

    /** Logs {@code format} with {@code args} as a warning, or counts it when a line was written within the interval. */
    public void warn(String format, Object... args) {
        long now = clock.millis();
        long last = lastLogged.get();
        if (last != Long.MIN_VALUE && now - last < intervalMillis || !lastLogged.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left == 0) {
            log.warn(format, args);
        } else {
            log.warn(format + " (and {} more like it in the last {} s)", append(args, left, intervalMillis / 1000));
        }
    }

    private static Object[] append(Object[] args, long left, long seconds) {
        Object[] all = new Object[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = left;
        all[args.length + 1] = seconds;
        return all;
    }
}
