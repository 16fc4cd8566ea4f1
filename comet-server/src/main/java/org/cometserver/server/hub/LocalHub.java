package org.cometserver.server.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process {@link Hub}. Channel and user maps are {@link ConcurrentHashMap}s, whose per-bin locking shards
 * them; subscribe and unsubscribe change a channel's set inside {@code compute}, so a set emptied and dropped never
 * loses a concurrent subscription, while publishing reads without locks (and reuses a channel's subscribers split by
 * delivery group until the channel changes: {@link ChannelSubscribers}). A user's connections (at most 16) are an
 * array replaced on change. The {@link HubListener} hears of a channel's first and last subscriber inside that
 * compute, so its events for one channel follow the order the channel changed in.
 */
public final class LocalHub implements Hub {
    private record ChannelKey(int devId, String name) {
    }

    private record UserKey(int devId, long userId) {
    }

    /**
     * What the hub knows of one registered connection: its dev_id and channels. The channels are an array replaced on
     * change under the object's lock (a connection has a few, and this is held by every idle connection: a
     * concurrent set cost ≈190 bytes more each, issue #13).
     */
    private static final class Connection {
        private static final String[] NO_CHANNELS = new String[0];

        final int devId;
        private String[] channels = NO_CHANNELS;

        Connection(int devId) {
            this.devId = devId;
        }

        /** Adds {@code channel}; false if it was there already. */
        synchronized boolean add(String channel) {
            if (indexOf(channel) >= 0) {
                return false;
            }
            String[] added = Arrays.copyOf(channels, channels.length + 1);
            added[channels.length] = channel;
            channels = added;
            return true;
        }

        /** Removes {@code channel}; false if it was not there. */
        synchronized boolean remove(String channel) {
            int index = indexOf(channel);
            if (index < 0) {
                return false;
            }
            String[] rest = new String[channels.length - 1];
            System.arraycopy(channels, 0, rest, 0, index);
            System.arraycopy(channels, index + 1, rest, index, rest.length - index);
            channels = rest;
            return true;
        }

        synchronized List<String> channels() {
            return List.of(channels);
        }

        private int indexOf(String channel) {
            for (int i = 0; i < channels.length; i++) {
                if (channels[i].equals(channel)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final Transport[] NONE = new Transport[0];

    private final ConcurrentHashMap<ChannelKey, ChannelSubscribers> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UserKey, Transport[]> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Transport, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicInteger> connectionsPerDev = new ConcurrentHashMap<>();
    private final LongAdder connects = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    /** Members of the channel sets, changed where a set gains or loses one (inside the channel's compute). */
    private final LongAdder subscriptions = new LongAdder();
    private final HubListener listener;
    /** {@link HubListener#wantsMembership}, read once: false skips the per-subscription calls. */
    private final boolean membership;

    public LocalHub(HubListener listener) {
        this.listener = listener;
        this.membership = listener.wantsMembership();
    }

    public LocalHub() {
        this(HubListener.NONE);
    }

    @Override
    public boolean connect(int devId, Transport transport) {
        long userId = transport.userId();
        boolean[] first = new boolean[1];
        if (userId > 0) {
            boolean[] full = new boolean[1];
            users.compute(new UserKey(devId, userId), (key, current) -> {
                Transport[] existing = current == null ? NONE : current;
                if (existing.length >= MAX_CONNECTIONS_PER_USER) {
                    full[0] = true;
                    return current;
                }
                first[0] = existing.length == 0;
                Transport[] added = Arrays.copyOf(existing, existing.length + 1);
                added[existing.length] = transport;
                return added;
            });
            if (full[0]) {
                return false;
            }
        }
        connections.put(transport, new Connection(devId));
        connects.increment();
        connectionsPerDev.computeIfAbsent(devId, d -> new AtomicInteger()).incrementAndGet();
        if (first[0]) {
            listener.userArrived(this, devId, userId);
        }
        return true;
    }

    @Override
    public void disconnect(Transport transport) {
        Connection connection = connections.remove(transport);
        if (connection == null) {
            return;
        }
        for (String channel : connection.channels()) {
            removeSubscriber(new ChannelKey(connection.devId, channel), transport);
        }
        connectionsPerDev.get(connection.devId).decrementAndGet();
        disconnects.increment();
        long userId = transport.userId();
        if (userId > 0) {
            boolean[] last = new boolean[1];
            users.computeIfPresent(new UserKey(connection.devId, userId), (key, current) -> {
                Transport[] rest = Arrays.stream(current).filter(t -> t != transport).toArray(Transport[]::new);
                last[0] = rest.length == 0 && current.length > 0;
                return rest.length == 0 ? null : rest;
            });
            if (last[0]) {
                listener.userDeparted(this, connection.devId, userId);
            }
        }
    }

    @Override
    public boolean subscribe(Transport transport, String requested) {
        // one copy of a channel's name for all its subscribers, not one per connection's list (issue #13: 56 bytes
        // on every idle subscribed connection); the JVM drops an interned name once no list holds it
        String channel = requested.intern();
        Connection connection = registered(transport);
        if (!connection.add(channel)) {
            return false;
        }
        channels.compute(new ChannelKey(connection.devId, channel), (key, existing) -> {
            ChannelSubscribers subscribers = existing == null ? new ChannelSubscribers() : existing;
            if (subscribers.add(transport)) {
                subscriptions.increment();
                if (existing == null) {
                    listener.channelOccupied(this, key.devId(), key.name());
                }
                if (membership) {
                    listener.joined(this, key.devId(), key.name(), transport);
                }
            }
            return subscribers;
        });
        if (!connections.containsKey(transport)) {
            // disconnected meanwhile: undo, so no channel keeps a dead connection
            removeSubscriber(new ChannelKey(connection.devId, channel), transport);
        }
        return true;
    }

    @Override
    public boolean unsubscribe(Transport transport, String channel) {
        Connection connection = connections.get(transport);
        if (connection == null || !connection.remove(channel)) {
            return false;
        }
        removeSubscriber(new ChannelKey(connection.devId, channel), transport);
        return true;
    }

    @Override
    public List<String> subscriptions(Transport transport) {
        Connection connection = connections.get(transport);
        return connection == null ? List.of() : connection.channels();
    }

    @Override
    public int publish(int devId, String channel, EncodedFrame frame) {
        return publish(devId, channel, frame, null);
    }

    @Override
    public int publish(int devId, String channel, EncodedFrame frame, Transport except) {
        ChannelSubscribers subscribers = channels.get(new ChannelKey(devId, channel));
        return subscribers == null ? 0 : subscribers.publish(frame, except);
    }

    @Override
    public int sendToUser(int devId, long userId, EncodedFrame frame) {
        int delivered = 0;
        for (Transport transport : users.getOrDefault(new UserKey(devId, userId), NONE)) {
            if (transport.write(frame)) {
                delivered++;
            }
        }
        return delivered;
    }

    @Override
    public List<Transport> userConnections(int devId, long userId) {
        return List.of(users.getOrDefault(new UserKey(devId, userId), NONE));
    }

    @Override
    public int disconnectUser(int devId, long userId, Disconnect reason) {
        Transport[] open = users.getOrDefault(new UserKey(devId, userId), NONE);
        for (Transport transport : open) {
            transport.close(reason);
            disconnect(transport);
        }
        return open.length;
    }

    @Override
    public boolean isOnline(int devId, long userId) {
        return users.containsKey(new UserKey(devId, userId));
    }

    @Override
    public int subscriberCount(int devId, String channel) {
        ChannelSubscribers subscribers = channels.get(new ChannelKey(devId, channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    @Override
    public Map<String, Integer> subscriberCounts(int devId, int limit) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<ChannelKey, ChannelSubscribers> entry : channels.entrySet()) {
            if (counts.size() >= limit) {
                break;
            }
            int count = entry.getValue().size();
            if (entry.getKey().devId() == devId && count > 0) {
                counts.put(entry.getKey().name(), count);
            }
        }
        return counts;
    }

    @Override
    public List<Transport> subscribers(int devId, String channel) {
        ChannelSubscribers subscribers = channels.get(new ChannelKey(devId, channel));
        return subscribers == null ? List.of() : subscribers.snapshot();
    }

    @Override
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public int connectionCount(int devId) {
        AtomicInteger count = connectionsPerDev.get(devId);
        return count == null ? 0 : count.get();
    }

    @Override
    public int onlineUserCount(int devId) {
        int count = 0;
        for (UserKey key : users.keySet()) {
            if (key.devId() == devId) {
                count++;
            }
        }
        return count;
    }

    @Override
    public long subscriptionCount() {
        return subscriptions.sum();
    }

    /** Empty channels are dropped from the map, so its size is the answer ({@link ConcurrentHashMap#size} is O(1)). */
    @Override
    public int channelCount() {
        return channels.size();
    }

    @Override
    public long connectsTotal() {
        return connects.sum();
    }

    @Override
    public long disconnectsTotal() {
        return disconnects.sum();
    }

    @Override
    public void closeAll(Disconnect reason) {
        for (Transport transport : new ArrayList<>(connections.keySet())) {
            transport.close(reason);
            disconnect(transport);
        }
    }

    private Connection registered(Transport transport) {
        Connection connection = connections.get(transport);
        if (connection == null) {
            throw new IllegalStateException("connection not registered with the hub: " + transport);
        }
        return connection;
    }

    private void removeSubscriber(ChannelKey key, Transport transport) {
        channels.computeIfPresent(key, (k, subscribers) -> {
            if (!subscribers.remove(transport)) {
                return subscribers;
            }
            subscriptions.decrement();
            if (membership) {
                listener.left(this, k.devId(), k.name(), transport);
            }
            if (subscribers.isEmpty()) {
                listener.channelVacated(this, k.devId(), k.name());
                return null;
            }
            return subscribers;
        });
    }
}
