package org.cometserver.server.health;

import org.cometserver.server.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the store answers, as last measured in the background: {@code /ready} runs on an event loop and must not
 * wait for the database. A probe that hangs (database unreachable, pool exhausted) never reports; so the result is
 * "not answering" once the last answer is older than {@link #STALE_AFTER}, whatever the last probe said.
 */
public final class StoreProbe {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration STALE_AFTER = INTERVAL.multipliedBy(3);

    private final Store store;
    private final Clock clock;
    private volatile Instant lastAnswer;
    private volatile String lastError;

    /** The store was just opened (schema migrated), so it counts as answering now. */
    public StoreProbe(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.lastAnswer = clock.instant();
    }

    /** Probes every {@link #INTERVAL} on {@code executor} (the store thread: it is the one that waits on the store). */
    public void schedule(ScheduledExecutorService executor) {
        executor.scheduleWithFixedDelay(this::probe, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void probe() {
        try {
            store.ping();
            lastAnswer = clock.instant();
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
        }
    }

    /** Why the store is not ready, or empty when it answered recently. Never blocks. */
    public Optional<String> problem() {
        String error = lastError;
        if (error != null) {
            return Optional.of("store: " + error);
        }
        Duration silent = Duration.between(lastAnswer, clock.instant());
        if (silent.compareTo(STALE_AFTER) > 0) {
            return Optional.of("store: no answer for " + silent.toSeconds() + " s");
        }
        return Optional.empty();
    }
}
