package org.cometserver.cometql.spi;

/**
 * A backend could not do what the statement asked because something it depends on did not answer (the cluster's
 * broker, within its timeout): nothing was acknowledged. CometQL answers MySQL's ER_UNKNOWN_ERROR (1105) with this
 * message and logs one line without a stack trace.
 */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
