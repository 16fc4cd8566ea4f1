package org.cometserver.server.broker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Who is subscribed to what and which users are online, across the nodes: {@code track_} channels,
 * {@code users_in_pipes}, {@code pipes} counts, {@code user_status_} and {@code users_time}; and the user registry
 * (which nodes hold a user's connections). Reads see every live node; a node that stops heartbeating is dropped
 * within the failure timeout, its users reported through {@link Events#usersLost}. Writes never block: they are
 * queued to the implementation, which keeps them in order per connection.
 */
public interface PresenceManager extends AutoCloseable {
    /** What presence tells the node. */
    interface Events {
        /**
         * Users who went offline because the node holding their last connections died: the server reports them
         * offline ({@code user_status_}, {@code users_time}) as if they had disconnected. Called on one node only.
         */
        void usersLost(int devId, List<Long> userIds);

        /**
         * Nodes presence dropped because they stopped heartbeating (after their {@link #usersLost}): whatever this
         * node keeps for their connections (P2P call legs) ends. Called on one node only.
         */
        default void nodesLost(List<String> nodes) {
        }

        /**
         * Users of this node that presence had lost (Redis unreachable when they connected, Redis restarted empty, or
         * this node reaped after a stall) and registered again, held by no other node meanwhile: the server
         * reports them online as if they had just connected. Called on this node only.
         */
        default void usersFound(int devId, List<Long> userIds) {
        }
    }

    void start(Events events);

    /** A connection of this node subscribed to the channel. */
    void joined(int devId, String channel, ClientInfo client);

    /** A connection of this node left the channel (or closed). */
    void left(int devId, String channel, ClientInfo client);

    /** The channel's subscribers on every node. */
    CompletableFuture<List<ClientInfo>> members(int devId, String channel);

    /** Subscriber counts of these channels on every node (0 for none), in the order given. */
    CompletableFuture<Map<String, Integer>> counts(int devId, Collection<String> channels);

    /** Channels of the dev_id with at least one subscriber anywhere, with their counts; at most {@code limit}. */
    CompletableFuture<Map<String, Integer>> allCounts(int devId, int limit);

    /**
     * This node got the user's first connection on it. Completes true when no other node holds one: the user came
     * online.
     */
    CompletableFuture<Boolean> userConnected(int devId, long userId);

    /** This node lost the user's last connection on it. Completes true when no other node holds one. */
    CompletableFuture<Boolean> userDisconnected(int devId, long userId);

    /** Which of these users have a connection on some node. */
    CompletableFuture<Set<Long>> online(int devId, Collection<Long> userIds);

    /** Users of the dev_id with a connection on some node. */
    CompletableFuture<Integer> onlineUserCount(int devId);

    /** The nodes heartbeating now (within the failure timeout), this one included. */
    CompletableFuture<Set<String>> liveNodes();

    @Override
    void close();
}
