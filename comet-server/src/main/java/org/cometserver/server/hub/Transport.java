package org.cometserver.server.hub;

/**
 * One client connection as the hub sees it. Implemented by transports (the WebSocket session of the next issue) and
 * by test doubles. The identity fields are fixed when the connection is registered.
 */
public interface Transport {

    /**
     * Queues the frame for this client without blocking. Returns false when the connection cannot take it (closed,
     * or its outbound queue is full, in which case the transport closes itself with {@link Disconnect#SLOW}).
     */
    boolean write(EncodedFrame frame);

    /** Which transports are written together: see {@link Hub#publish}. */
    default DeliveryGroup deliveryGroup() {
        return DeliveryGroup.DIRECT;
    }

    /**
     * The user's offline queue gained a message after this connection may have read it: replay what it has not yet
     * (a no-op for transports without a queue).
     */
    default void queueChanged() {
    }

    /** Closes the connection; idempotent. The transport then tells the hub via {@link Hub#disconnect}. */
    void close(Disconnect reason);

    /** Authorised user id, 0 for an anonymous connection. */
    long userId();

    /** The {@code uuid} URL parameter the client connected with. */
    String uuid();

    String ip();

    String userAgent();

    String origin();

    String language();

    /**
     * Names the connection uniquely on this node while it lives ({@code ClientInfo.connectionId}). This default (the
     * object's identity hash) serves test doubles; a real transport names its socket.
     */
    default String connectionId() {
        return Integer.toHexString(System.identityHashCode(this));
    }
}
