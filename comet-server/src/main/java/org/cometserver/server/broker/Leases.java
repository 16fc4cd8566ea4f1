package org.cometserver.server.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Named leases: at most one node of the cluster holds a name at a time, for {@link #ttl()} after its last
 * {@link #acquire}. A holder renews by acquiring again (every heartbeat); a holder that stops (killed, cut off) loses
 * the lease when its ttl ends, and the next node asking takes it. Used so that exactly one node processes each
 * FreeSWITCH node's events (docs/CLUSTER.md "Conferences"). A single node ({@code LocalLeases}) holds every lease.
 */
public interface Leases extends AutoCloseable {

    /**
     * The state of a lease after an {@link #acquire}.
     *
     * @param holder          the node holding it ({@code this node's name} when {@code mine})
     * @param mine            this node holds it
     * @param remainingMillis how long the holder keeps it without renewing (for another holder: when it last renewed)
     * @param releasedMillisAgo this acquire took a lease its previous holder {@link #release released} that long ago;
     *                          -1 otherwise (taken fresh, expired, or renewed)
     */
    record Lease(String name, String holder, boolean mine, long remainingMillis, long releasedMillisAgo) {
    }

    /** Takes {@code name} when nobody holds it, renews it when this node does; completes with the state after. */
    CompletableFuture<Lease> acquire(String name);

    /**
     * Gives {@code name} up when this node holds it (clean shutdown): the next {@link #acquire} of any node takes it
     * and learns when it was released ({@link Lease#releasedMillisAgo}).
     */
    CompletableFuture<Void> release(String name);

    /** How long a lease lasts without renewal ({@code [cluster] failure_timeout}). */
    Duration ttl();

    @Override
    void close();
}
