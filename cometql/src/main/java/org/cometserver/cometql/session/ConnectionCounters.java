package org.cometserver.cometql.session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Process-wide figures of the CometQL port: connection ids, open connections, statements run, uptime. */
public final class ConnectionCounters {
    private final long startedAtNanos = System.nanoTime();
    private final AtomicLong lastConnectionId = new AtomicLong();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicLong questions = new AtomicLong();

    /** Connection ids are 4 bytes on the wire; they wrap after 2^32 connections, skipping 0. */
    long nextConnectionId() {
        long id;
        do {
            id = lastConnectionId.incrementAndGet() & 0xffff_ffffL;
        } while (id == 0);
        return id;
    }

    void connectionOpened() {
        openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public void questionAsked() {
        questions.incrementAndGet();
    }

    public int openConnections() {
        return openConnections.get();
    }

    public long questions() {
        return questions.get();
    }

    public long uptimeSeconds() {
        return (System.nanoTime() - startedAtNanos) / 1_000_000_000L;
    }
}
