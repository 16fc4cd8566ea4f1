package org.cometserver.server.hub;

import java.util.List;
import java.util.Map;

/**
 * Who is connected and who listens to what, per dev_id: channel → subscribed connections, user → his connections.
 * Every method is non-blocking and thread-safe; publishers never wait for slow clients (a transport that cannot take
 * a frame says so and closes itself). {@link LocalHub} keeps everything in this process; a broker-backed hub (Redis)
 * can implement the same interface to fan out across nodes.
 */
public interface Hub {
    /** CppComet: {@code MAX_CONECTION_ON_USER_ID}, "up to 16 devices" per user (§3.6). */
    int MAX_CONNECTIONS_PER_USER = 16;

    /**
     * Registers a connection of {@code devId} (an authorised one also under its user id). Returns false, registering
     * nothing, when that user already has {@link #MAX_CONNECTIONS_PER_USER} connections.
     */
    boolean connect(int devId, Transport transport);

    /** Unregisters the connection and removes it from every channel. Idempotent. */
    void disconnect(Transport transport);

    /** Subscribes a registered connection; returns false when it already was subscribed. */
    boolean subscribe(Transport transport, String channel);

    /** Returns false when it was not subscribed. */
    boolean unsubscribe(Transport transport, String channel);

    /** Channels the connection is subscribed to. */
    List<String> subscriptions(Transport transport);

    /**
     * Hands the frame to every subscriber of the channel, once per {@link DeliveryGroup} of subscribers; returns how
     * many took it (written, or handed to the thread that writes them).
     */
    int publish(int devId, String channel, EncodedFrame frame);

    /** As {@link #publish(int, String, EncodedFrame)}, skipping {@code except} (the sender). */
    int publish(int devId, String channel, EncodedFrame frame, Transport except);

    /** Hands the frame to every connection of the user; returns how many took it. */
    int sendToUser(int devId, long userId, EncodedFrame frame);

    /** The user's connections on this node (at most {@link #MAX_CONNECTIONS_PER_USER}); a snapshot. */
    List<Transport> userConnections(int devId, long userId);

    /** Closes every connection of the user; returns how many. */
    int disconnectUser(int devId, long userId, Disconnect reason);

    /** Whether the user has a connection on this node. */
    boolean isOnline(int devId, long userId);

    int subscriberCount(int devId, String channel);

    /** Channels of the dev_id with at least one subscriber, with their counts; at most {@code limit}. */
    Map<String, Integer> subscriberCounts(int devId, int limit);

    List<Transport> subscribers(int devId, String channel);

    /** Open connections of every dev_id. */
    int connectionCount();

    int connectionCount(int devId);

    /** Users of the dev_id with at least one connection. */
    int onlineUserCount(int devId);

    /** Subscriptions on this node: connection × channel pairs, every dev_id. O(1). */
    long subscriptionCount();

    /** Channels on this node with at least one subscriber, every dev_id. O(1). */
    int channelCount();

    /** Connections registered since start. */
    long connectsTotal();

    /** Connections unregistered since start. */
    long disconnectsTotal();

    /** Closes every connection (shutdown). */
    void closeAll(Disconnect reason);
}
