package org.cometserver.server.hub;

/**
 * What a {@link LocalHub} tells the node about its own connections: a channel's first and last subscriber, a user's
 * first and last connection (docs/CPPCOMET.md §3.8), and, when {@link #wantsMembership} says so, every join and leave
 * of a channel. Called on the thread that changed the hub (a Netty event loop): implementations must not block.
 */
public interface HubListener {
    HubListener NONE = new HubListener() {
    };

    /**
     * The channel gained its first subscriber on this node. Called inside the hub's update of that channel, so a
     * channel's {@code channelOccupied} and {@code channelVacated} come in the order the channel changed: do not call
     * back into the hub here.
     */
    default void channelOccupied(Hub hub, int devId, String channel) {
    }

    /** The channel lost its last subscriber on this node; called as {@link #channelOccupied}. */
    default void channelVacated(Hub hub, int devId, String channel) {
    }

    /**
     * The user's first connection on this node (he may have others on other nodes). Called after the hub's update,
     * outside its lock, so the listener may publish; hence a last disconnect and a first connection of one user racing
     * on two threads may be told in swapped order.
     */
    default void userArrived(Hub hub, int devId, long userId) {
    }

    /** The user's last connection on this node is gone; called as {@link #userArrived}. */
    default void userDeparted(Hub hub, int devId, long userId) {
    }

    /**
     * Whether {@link #joined} and {@link #left} are wanted (a presence kept outside the hub, e.g. in Redis). Read
     * once when the hub is built; when false the hub never calls them, so the local path costs nothing.
     */
    default boolean wantsMembership() {
        return false;
    }

    /** The connection subscribed to the channel; called inside the channel's update, in order per channel. */
    default void joined(Hub hub, int devId, String channel, Transport transport) {
    }

    /** The connection left the channel (unsubscribed or closed); called as {@link #joined}. */
    default void left(Hub hub, int devId, String channel, Transport transport) {
    }
}
