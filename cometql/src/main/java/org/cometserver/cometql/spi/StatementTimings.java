package org.cometserver.cometql.spi;

/**
 * Told of every statement executed (text or prepared) when it completes, for the host's metrics. Called on the
 * thread that completed the statement (event loop or executor): it must be quick and must never block.
 */
@FunctionalInterface
public interface StatementTimings {
    StatementTimings NONE = (nanos, ok) -> { };

    /**
     * @param nanos from the statement's arrival to its result or error
     * @param ok    false when the client got an error packet
     */
    void completed(long nanos, boolean ok);
}
