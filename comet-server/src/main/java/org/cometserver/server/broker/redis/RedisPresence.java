package org.cometserver.server.broker.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The {@link PresenceManager} of a node of a cluster on Redis. Per channel a hash of members ({@code node \t
 * connection id} → the client), per user the set of nodes holding him, per dev_id the channels with members and the
 * users online, per node what it registered (for the janitor). Every {@code heartbeat} the node writes its heartbeat
 * and tries to reap dead nodes (one node at a time, under a lock), unless it reached Redis again less than
 * {@code failure_timeout} ago: after an outage of Redis every node's heartbeat is old, and none of them is dead. Writes are fire-and-forget, in order on one
 * connection; failures are logged, rate-limited.
 * <p>
 * The node keeps a mirror of what it registered (per subscribed connection a key record and a map entry, about 70
 * bytes, pointing at the channel name and {@link ClientInfo} the caller holds anyway), so when its entries are gone
 * from Redis (Redis restarted empty, or the node was reaped after a stall), a write failed (Redis may lack it, even
 * after an outage too short for a heartbeat to fail) or the connection was made again (Sentinel may have promoted a
 * replica without the last writes) its next heartbeat that reaches Redis registers them again.
 */
public final class RedisPresence implements PresenceManager {
    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
    /** Users per script call of a re-registration: Redis runs nothing else during one. */
    private static final int REREGISTER_BATCH = 1000;

    private record Member(int devId, String channel, String connectionId) {
    }

    private record User(int devId, long userId) {
    }

    private final String node;
    private final Duration heartbeat;
    private final Duration failureTimeout;
    private final byte[] timeoutMillis;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> redis;
    private final ScheduledExecutorService timer;
    private final Map<Member, ClientInfo> members = new ConcurrentHashMap<>();
    private final Set<User> users = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog failures = new RateLimitedLog(log, Duration.ofSeconds(10), Clock.systemUTC());
    private final Object mirrorLock = new Object();
    private volatile Events events;
    private volatile ScheduledFuture<?> beating;
    private volatile boolean registered;
    /** {@link System#nanoTime} from which this node may reap others: failure_timeout after it reached Redis again. */
    private volatile long reapFrom;

    /**
     * Connects to Redis (blocking up to the connect timeout: call at start-up).
     *
     * @param timer a named single-thread scheduler of the caller: heartbeats and reaping
     */
    public RedisPresence(RedisClient client, String node, Duration heartbeat, Duration failureTimeout,
                         ScheduledExecutorService timer) {
        this.node = node;
        this.heartbeat = heartbeat;
        this.timeoutMillis = LuaScript.arg(failureTimeout.toMillis());
        this.failureTimeout = failureTimeout;
        this.timer = timer;
        this.connection = RedisConnections.open(() -> client.connect(RedisConnections.CODEC));
        this.redis = connection.async();
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // connected again: Redis may have restarted, or Sentinel promoted a replica that lacks our last
                // writes, and its script cache may be empty: the next heartbeat registers the mirror again
                registered = false;
            }
        });
    }

    @Override
    public void start(Events events) {
        this.events = events;
        RedisConnections.await(PresenceScripts.HEARTBEAT.run(redis, new String[] {RedisKeys.NODES}, arg(node)),
                heartbeat.multipliedBy(5), "register node " + node);
        registered = true;
        reapFrom = System.nanoTime();
        beating = timer.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    // writes take the mirror's lock only to queue the command, so a re-registration never overtakes a leave
    @Override
    public void joined(int devId, String channel, ClientInfo client) {
        synchronized (mirrorLock) {
            members.put(new Member(devId, channel, client.connectionId()), client);
            sendJoin(devId, channel, client);
        }
    }

    @Override
    public void left(int devId, String channel, ClientInfo client) {
        synchronized (mirrorLock) {
            members.remove(new Member(devId, channel, client.connectionId()));
            write("leave", PresenceScripts.LEAVE.run(redis, new String[] {RedisKeys.members(devId, channel),
                    RedisKeys.presenceChannels(devId), RedisKeys.nodeChannels(node)},
                    arg(field(client.connectionId())), arg(channel), arg(devId + "\t" + channel)));
        }
    }

    @Override
    public CompletableFuture<List<ClientInfo>> members(int devId, String channel) {
        return PresenceScripts.MEMBERS.<List<Object>>run(redis, new String[] {RedisKeys.NODES,
                RedisKeys.members(devId, channel)}, timeoutMillis, arg(1)).thenApply(values -> {
            List<ClientInfo> clients = new ArrayList<>(values.size());
            values.forEach(v -> clients.add(Wire.readClient((byte[]) v)));
            return clients;
        });
    }

    @Override
    public CompletableFuture<Map<String, Integer>> counts(int devId, Collection<String> channels) {
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(channels));
        String[] keys = new String[names.size() + 1];
        keys[0] = RedisKeys.NODES;
        for (int i = 0; i < names.size(); i++) {
            keys[i + 1] = RedisKeys.members(devId, names.get(i));
        }
        return PresenceScripts.MEMBERS.<List<Object>>run(redis, keys, timeoutMillis, arg(0)).thenApply(counts -> {
            Map<String, Integer> result = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                result.put(names.get(i), ((Long) counts.get(i)).intValue());
            }
            return result;
        });
    }

    @Override
    public CompletableFuture<Map<String, Integer>> allCounts(int devId, int limit) {
        return redis.smembers(RedisKeys.presenceChannels(devId)).toCompletableFuture().thenCompose(names -> {
            List<String> sorted = names.stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
            return counts(devId, sorted);
        }).thenApply(counts -> {
            Map<String, Integer> result = new TreeMap<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > 0 && result.size() < limit) {
                    result.put(e.getKey(), e.getValue());
                }
            }
            return result;
        });
    }

    @Override
    public CompletableFuture<Boolean> userConnected(int devId, long userId) {
        synchronized (mirrorLock) {
            users.add(new User(devId, userId));
            return userScript(PresenceScripts.USER_CONNECTED, devId, userId);
        }
    }

    @Override
    public CompletableFuture<Boolean> userDisconnected(int devId, long userId) {
        synchronized (mirrorLock) {
            users.remove(new User(devId, userId));
            return userScript(PresenceScripts.USER_DISCONNECTED, devId, userId);
        }
    }

    @Override
    public CompletableFuture<Set<Long>> online(int devId, Collection<Long> userIds) {
        List<byte[]> args = new ArrayList<>(userIds.size() + 2);
        args.add(timeoutMillis);
        args.add(arg(devId));
        userIds.forEach(id -> args.add(arg(id)));
        return PresenceScripts.ONLINE.<List<Object>>run(redis, new String[] {RedisKeys.NODES},
                args.toArray(byte[][]::new)).thenApply(ids -> {
            Set<Long> online = new HashSet<>();
            ids.forEach(id -> online.add(Long.parseLong(new String((byte[]) id, StandardCharsets.US_ASCII))));
            return online;
        });
    }

    @Override
    public CompletableFuture<Integer> onlineUserCount(int devId) {
        return PresenceScripts.ONLINE_COUNT.<Long>run(redis, new String[] {RedisKeys.NODES,
                RedisKeys.onlineUsers(devId)}, timeoutMillis, arg(devId)).thenApply(Long::intValue);
    }

    @Override
    public CompletableFuture<Set<String>> liveNodes() {
        return PresenceScripts.LIVE_NODES.<List<Object>>run(redis, new String[] {RedisKeys.NODES}, timeoutMillis)
                .thenApply(nodes -> {
                    Set<String> live = new HashSet<>();
                    nodes.forEach(n -> live.add(new String((byte[]) n, StandardCharsets.UTF_8)));
                    return live;
                });
    }

    /** Removes this node's entries and stops heartbeating. */
    @Override
    public void close() {
        stopBeating();
        try {
            RedisConnections.await(reap(node), heartbeat.multipliedBy(5), "remove node " + node);
        } catch (RuntimeException e) {
            log.warn("cluster: could not remove node {} from presence ({}); others reap it after failure_timeout",
                    node, e.getMessage());
        }
        connection.closeAsync();
    }

    /** Stops heartbeating and disconnects without removing anything, as a killed node would (tests). */
    void halt() {
        stopBeating();
        connection.closeAsync();
    }

    private void stopBeating() {
        ScheduledFuture<?> b = beating;
        if (b != null) {
            b.cancel(false);
        }
    }

    private void beat() {
        PresenceScripts.HEARTBEAT.<Long>run(redis, new String[] {RedisKeys.NODES}, arg(node))
                .whenComplete((added, error) -> {
                    if (error != null) {
                        if (registered) {
                            log.warn("cluster: presence of node {} cannot reach Redis: {}", node, error.toString());
                        }
                        registered = false;
                    } else if (added == 1 || !registered) {
                        if (!registered) {
                            // the others' heartbeats stopped with ours: give them failure_timeout to beat again
                            // before judging any of them dead, so an outage of Redis kills no node
                            reapFrom = System.nanoTime() + failureTimeout.toNanos();
                        }
                        // Redis lost our entries (restarted empty, or reaped us after a stall), writes failed while
                        // it was unreachable, or we connected again: replace what Redis has of this node with the
                        // mirror
                        log.info("cluster: node {} registers its {} subscriptions and {} users again", node,
                                members.size(), users.size());
                        registered = true;
                        reregister();
                    }
                });
        if (!registered || System.nanoTime() - reapFrom < 0) {
            return;
        }
        reap("").thenAcceptAsync(this::reportLost, timer).exceptionally(e -> {
            failures.warn("cluster: reaping dead nodes failed: {}", e.toString());
            return null;
        });
    }

    /**
     * Replaces this node's entries with the mirror, in one ordered batch: the scripts loaded first (Redis may have
     * restarted without them, and a script sent again after {@code NOSCRIPT} would run after commands queued behind
     * it), then the users it holds added, then those it no longer holds dropped, then its members joined again. A
     * user it holds is never dropped on the way, so another node deciding meanwhile whether he left sees him held.
     * Users who went offline with the drop (they left while Redis was away) are reported lost; users it holds that
     * Redis did not have online (they came while Redis was away, or Redis forgot them) are reported found: each change
     * told once.
     */
    private void reregister() {
        synchronized (mirrorLock) {
            PresenceScripts.ALL.forEach(script -> write("re-registration", script.load(redis)));
            String reregistering = RedisKeys.nodeReregistration(node);
            write("re-registration", redis.del(reregistering).toCompletableFuture());
            List<User> held = List.copyOf(users);
            for (int from = 0; from < held.size(); from += REREGISTER_BATCH) {
                List<User> batch = held.subList(from, Math.min(held.size(), from + REREGISTER_BATCH));
                byte[][] args = new byte[batch.size() + 1][];
                args[0] = arg(node);
                for (int i = 0; i < batch.size(); i++) {
                    args[i + 1] = arg(batch.get(i).devId() + "\t" + batch.get(i).userId());
                }
                CompletableFuture<List<Object>> found = PresenceScripts.REREGISTER_USERS.run(redis,
                        new String[] {RedisKeys.nodeUsers(node), reregistering}, args);
                write("re-registration", found);
                found.thenAcceptAsync(entries -> report(List.copyOf(users(entries)),
                        (devId, ids) -> events.usersFound(devId, ids)), timer);
            }
            CompletableFuture<List<Object>> lost = PresenceScripts.REREGISTER_SWEEP.run(redis,
                    new String[] {RedisKeys.NODES, RedisKeys.nodeUsers(node), reregistering}, arg(node));
            write("re-registration", lost);
            lost.thenAcceptAsync(entries -> report(List.copyOf(users(entries)),
                    (devId, ids) -> events.usersLost(devId, ids)), timer);
            members.forEach((m, client) -> sendJoin(m.devId(), m.channel(), client));
        }
    }

    private CompletableFuture<List<Object>> reap(String which) {
        return PresenceScripts.REAP.run(redis, new String[] {RedisKeys.NODES, RedisKeys.JANITOR}, timeoutMillis,
                arg(node), arg(which), arg(heartbeat.toMillis()));
    }

    private void reportLost(List<Object> lost) {
        List<String> deadNodes = new ArrayList<>(1);
        for (Object entry : lost) {
            String s = new String((byte[]) entry, StandardCharsets.UTF_8);
            if (s.startsWith("\t")) {
                deadNodes.add(s.substring(1));
            }
        }
        Set<User> users = users(lost);
        if (!lost.isEmpty()) {
            log.info("cluster: node {} reaped dead nodes {}; {} users went offline with them", node, deadNodes,
                    users.size());
        }
        report(List.copyOf(users), (devId, ids) -> events.usersLost(devId, ids));
        if (!deadNodes.isEmpty()) {
            events.nodesLost(deadNodes);
        }
    }

    /**
     * The users of a reap's answer: its {@code <dev_id>\t<user id>} entries (a {@code \t<node>} entry names a node
     * reaped).
     */
    private static Set<User> users(List<Object> entries) {
        Set<User> users = new LinkedHashSet<>();
        for (Object entry : entries) {
            String s = new String((byte[]) entry, StandardCharsets.UTF_8);
            int tab = s.indexOf('\t');
            if (tab > 0) {
                users.add(new User(Integer.parseInt(s.substring(0, tab)), Long.parseLong(s.substring(tab + 1))));
            }
        }
        return users;
    }

    /** Tells {@code to} the users, grouped by dev_id. */
    private static void report(List<User> changed, BiConsumer<Integer, List<Long>> to) {
        Map<Integer, List<Long>> byDev = new TreeMap<>();
        changed.forEach(u -> byDev.computeIfAbsent(u.devId(), d -> new ArrayList<>()).add(u.userId()));
        byDev.forEach(to);
    }

    private void sendJoin(int devId, String channel, ClientInfo client) {
        write("join", PresenceScripts.JOIN.run(redis, new String[] {RedisKeys.members(devId, channel),
                RedisKeys.presenceChannels(devId), RedisKeys.nodeChannels(node)}, arg(field(client.connectionId())),
                Wire.client(client),
                arg(channel), arg(devId + "\t" + channel)));
    }

    private CompletableFuture<Boolean> userScript(LuaScript script, int devId, long userId) {
        return script.<Long>run(redis, new String[] {RedisKeys.userNodes(devId, userId),
                RedisKeys.onlineUsers(devId), RedisKeys.NODES, RedisKeys.nodeUsers(node)}, arg(node), arg(userId),
                arg(devId + "\t" + userId)).thenApply(first -> first == 1).whenComplete((first, e) -> {
                    if (e != null) {
                        registered = false;
                    }
                });
    }

    private String field(String connectionId) {
        return node + "\t" + connectionId;
    }

    private void write(String what, CompletableFuture<?> done) {
        done.whenComplete((v, e) -> {
            if (e != null) {
                // Redis may not have it: the next heartbeat that reaches Redis replaces this node's entries with the
                // mirror (an outage shorter than a heartbeat is seen only here)
                registered = false;
                failures.warn("cluster: presence {} of node {} failed: {}", what, node, e.toString());
            }
        });
    }

    private static byte[] arg(Object value) {
        return LuaScript.arg(value);
    }
}
