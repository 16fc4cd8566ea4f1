package org.cometserver.server.broker;

import org.cometserver.server.hub.EncodedFrame;

/**
 * What a node does with what the broker brings it: the server implements it over its {@link
 * org.cometserver.server.hub.Hub}. Called on the broker's threads (a Netty event loop for Redis, the publishing thread
 * for the local broker): implementations must not block.
 */
public interface BrokerHandler {
    /** A publication to a channel this node is subscribed to; returns how many local connections took it. */
    int onPublication(int devId, Publication publication);

    /** An ephemeral frame ({@code track_} events, {@code user_status_}); returns how many local connections took it. */
    int onFrame(int devId, String channel, EncodedFrame frame);

    /**
     * A private message for a user this node holds connections of; returns how many took it. When none did (the
     * user left meanwhile) a queueable message is the handler's to queue, so it is not lost.
     */
    int onUserMessage(int devId, UserMessage message);

    void onControl(Control control);
}
