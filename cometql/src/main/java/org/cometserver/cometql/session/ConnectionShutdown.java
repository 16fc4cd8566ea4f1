package org.cometserver.cometql.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CometQL side of a server shutdown, as MySQL does it: from {@link #shutDown} on, a command answers ERR 1053
 * {@code Server shutdown in progress}; a statement already running still gets its answer; then every connection is
 * sent ERR 1053 and closed, so a client sees why, not a bare TCP close. The host calls it before it closes browser
 * connections, so nothing a backend published after the browsers were gone was acknowledged.
 */
public final class ConnectionShutdown {
    private static final long POLL_MILLIS = 10;

    private final Set<MysqlConnectionHandler> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    void opened(MysqlConnectionHandler connection) {
        connections.add(connection);
        if (shuttingDown) {
            connection.shutDown();
        }
    }

    void closed(MysqlConnectionHandler connection) {
        connections.remove(connection);
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Refuses new commands, lets running ones answer and closes every connection; waits up to {@code timeout} for
     * them to be closed.
     *
     * @return whether every connection closed in time
     */
    public boolean shutDown(Duration timeout) throws InterruptedException {
        shuttingDown = true;
        connections.forEach(MysqlConnectionHandler::shutDown);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connections.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
