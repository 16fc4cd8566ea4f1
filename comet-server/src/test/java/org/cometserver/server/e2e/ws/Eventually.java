package org.cometserver.server.e2e.ws;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls server state that changes asynchronously (hub registrations, subscriptions) until it holds or times out. */
public final class Eventually {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 10;

    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} and the last {@code state} otherwise. */
    public static void until(String what, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what + " (now: " + state.get() + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
