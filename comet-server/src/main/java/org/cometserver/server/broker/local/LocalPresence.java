package org.cometserver.server.broker.local;

import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.hub.Transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The single-node {@link PresenceManager}: a view of the node's {@link Hub}, which already knows who is subscribed
 * and who is connected, so presence keeps no second copy (memory per idle connection, issue #13). Its joins and
 * leaves are the hub's own, so {@link #joined} and {@link #left} do nothing; no other node exists, so a user's
 * first connection here brings him online and his last takes him offline. Every answer is computed on the calling
 * thread and returned completed.
 */
public final class LocalPresence implements PresenceManager {
    /** The node's name until {@code [cluster] node_name} is wired. */
    public static final String SINGLE_NODE = "local";

    private final String node;
    private final Hub hub;

    /** @param node this node's name in {@link ClientInfo#node} */
    public LocalPresence(String node, Hub hub) {
        this.node = node;
        this.hub = hub;
    }

    /** How presence reports a connection of node {@code node}. */
    public static ClientInfo clientInfo(String node, Transport t) {
        return new ClientInfo(node, t.connectionId(), t.userId(), t.uuid(), t.userAgent(), t.ip(), t.origin(),
                t.language());
    }

    @Override
    public void start(Events events) {
        // no other node can die and leave users behind
    }

    @Override
    public void joined(int devId, String channel, ClientInfo client) {
        // the hub holds the subscription
    }

    @Override
    public void left(int devId, String channel, ClientInfo client) {
        // the hub dropped the subscription
    }

    @Override
    public CompletableFuture<List<ClientInfo>> members(int devId, String channel) {
        List<Transport> subscribers = hub.subscribers(devId, channel);
        List<ClientInfo> members = new ArrayList<>(subscribers.size());
        for (Transport subscriber : subscribers) {
            members.add(clientInfo(node, subscriber));
        }
        return CompletableFuture.completedFuture(members);
    }

    @Override
    public CompletableFuture<Map<String, Integer>> counts(int devId, Collection<String> channels) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String channel : channels) {
            counts.put(channel, hub.subscriberCount(devId, channel));
        }
        return CompletableFuture.completedFuture(counts);
    }

    @Override
    public CompletableFuture<Map<String, Integer>> allCounts(int devId, int limit) {
        return CompletableFuture.completedFuture(hub.subscriberCounts(devId, limit));
    }

    @Override
    public CompletableFuture<Boolean> userConnected(int devId, long userId) {
        return CompletableFuture.completedFuture(Boolean.TRUE);
    }

    @Override
    public CompletableFuture<Boolean> userDisconnected(int devId, long userId) {
        return CompletableFuture.completedFuture(Boolean.TRUE);
    }

    @Override
    public CompletableFuture<Set<Long>> online(int devId, Collection<Long> userIds) {
        Set<Long> online = new HashSet<>();
        for (Long userId : userIds) {
            if (hub.isOnline(devId, userId)) {
                online.add(userId);
            }
        }
        return CompletableFuture.completedFuture(online);
    }

    @Override
    public CompletableFuture<Integer> onlineUserCount(int devId) {
        return CompletableFuture.completedFuture(hub.onlineUserCount(devId));
    }

    @Override
    public CompletableFuture<Set<String>> liveNodes() {
        return CompletableFuture.completedFuture(Set.of(node));
    }

    @Override
    public void close() {
        // the hub closes its connections itself
    }
}
