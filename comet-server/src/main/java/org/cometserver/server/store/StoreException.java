package org.cometserver.server.store;

/** A store operation failed (database unreachable, constraint, SQL error). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
