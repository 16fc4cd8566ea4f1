package org.cometserver.server.broker;

/**
 * The broker could not be reached (Redis down, timed out): what was asked did not happen on the other nodes. CometQL
 * answers it with an ERR, never with an OK.
 */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerUnavailableException(String message) {
        super(message);
    }
}
