package org.cometserver.server.broker.local;

import org.cometserver.server.broker.Leases;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The {@link Leases} of a single node: it holds every lease, for ever. */
public final class LocalLeases implements Leases {
    private final String node;

    public LocalLeases(String node) {
        this.node = node;
    }

    @Override
    public CompletableFuture<Lease> acquire(String name) {
        return CompletableFuture.completedFuture(new Lease(name, node, true, Long.MAX_VALUE, -1));
    }

    @Override
    public CompletableFuture<Void> release(String name) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Duration ttl() {
        return Duration.ofMillis(Long.MAX_VALUE);
    }

    @Override
    public void close() {
    }
}
