package org.cometserver.server.broker.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerHandler;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.HistoryPage;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.StreamPosition;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link Broker} of a node of a cluster on Redis: one command connection and one pub/sub connection, one Redis
 * subscription per channel and user this node has subscribers of, and the cluster's control channel. Sharded pub/sub
 * ({@code SSUBSCRIBE}/{@code SPUBLISH}) when Redis has it (7 and later), else plain pub/sub.
 * <p>
 * A publication with history goes through one script (offset, epoch, history, publish, atomically) and reaches every
 * node from its pub/sub echo, this one included, so each node sees a channel's offsets in order; the publish completes
 * once this node delivered it. Without history, this node delivers at once and the others get it through Redis; a
 * node skips its own echo. When Redis is unreachable, publishing fails with {@link BrokerUnavailableException} within
 * {@code publish_timeout} (commands are rejected while disconnected and time out otherwise); after a reconnection
 * every subscription of this node is sent again.
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String node;
    private final Duration publishTimeout;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private final RedisAsyncCommands<String, byte[]> redis;
    private final RedisHistory history;
    private final ScheduledExecutorService timer;
    private final boolean sharded;
    /** Pub/sub channels this node wants (channels and users): what delivery checks and a reconnection restores. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Per pub/sub channel, the last (un)subscribe under way: the next waits for it, so they apply in call order. */
    private final Map<String, CompletableFuture<Void>> serial = new ConcurrentHashMap<>();
    /** Kept publications of this node waiting for their echo, by publication id. */
    private final Map<String, PendingPublish> pending = new ConcurrentHashMap<>();
    private final AtomicLong controlsReceived = new AtomicLong();
    private final RateLimitedLog failures = new RateLimitedLog(log, Duration.ofSeconds(10), Clock.systemUTC());
    private volatile BrokerHandler handler;
    private volatile java.util.concurrent.ScheduledFuture<?> checking;
    private volatile boolean wasAvailable = true;
    private volatile boolean resubscribe;
    private volatile boolean closed;

    /**
     * Connects to Redis (blocking up to the client's connect timeout: call at start-up, not on an event loop).
     *
     * @param timer a named single-thread scheduler of the caller for publish timeouts and the reconnection check
     */
    public RedisBroker(RedisClient client, String node, Duration historyTtl, Duration publishTimeout,
                       ScheduledExecutorService timer) {
        this.node = node;
        this.publishTimeout = publishTimeout;
        this.timer = timer;
        this.commands = RedisConnections.open(() -> client.connect(RedisConnections.CODEC));
        this.pubSub = RedisConnections.open(() -> client.connectPubSub(RedisConnections.CODEC));
        this.redis = commands.async();
        this.history = new RedisHistory(redis, historyTtl);
        this.sharded = RedisConnections.majorVersion(redis, publishTimeout) >= 7;
        RedisConnections.await(history.load(), publishTimeout, "load the history scripts");
    }

    @Override
    public void start(BrokerHandler handler) {
        this.handler = handler;
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                receive(message);
            }

            @Override
            public void smessage(String shardChannel, byte[] message) {
                receive(message);
            }
        });
        wanted.add(RedisKeys.CONTROL);
        wanted.add(RedisKeys.nodeControl(node));
        RedisConnections.await(subscribeNow(RedisKeys.CONTROL), publishTimeout, "subscribe to the control channel");
        RedisConnections.await(subscribeNow(RedisKeys.nodeControl(node)), publishTimeout,
                "subscribe to the node's control channel");
        long tick = Math.max(50, Math.min(1000, publishTimeout.toMillis() / 4));
        checking = timer.scheduleWithFixedDelay(this::checkConnection, tick, tick, TimeUnit.MILLISECONDS);
        log.info("cluster: node {} on Redis, {} pub/sub", node, sharded ? "sharded" : "plain");
    }

    @Override
    public CompletableFuture<Published> publish(int devId, Publication publication, int keep) {
        if (keep > 0) {
            return publishKept(devId, publication, keep);
        }
        String channel = RedisKeys.channel(devId, publication.channel());
        int local = wanted.contains(channel) ? handler.onPublication(devId, publication) : 0;
        return send(channel, Wire.publication(node, devId, publication)).thenApply(n -> new Published(publication,
                local));
    }

    private CompletableFuture<Published> publishKept(int devId, Publication publication, int keep) {
        boolean local = wanted.contains(RedisKeys.channel(devId, publication.channel()));
        PendingPublish waiting = local ? new PendingPublish(publication) : null;
        if (local) {
            pending.put(publication.id(), waiting);
        }
        CompletableFuture<StreamPosition> stored = timed(history.publish(devId, publication, keep, sharded));
        return stored.handle((position, error) -> {
            if (error != null) {
                pending.remove(publication.id());
                throw unavailable("publish", error);
            }
            if (!local) {
                return CompletableFuture.completedFuture(new Published(publication.withPosition(position), 0));
            }
            CompletableFuture<Published> done = waiting.stored(position);
            if (!done.isDone()) {
                // the echo often came first; if this node unsubscribed meanwhile it never comes
                timer.schedule(() -> {
                    if (pending.remove(publication.id(), waiting)) {
                        waiting.echoed(0);
                    }
                }, publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return done;
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Integer> publishFrame(int devId, String channel, EncodedFrame frame) {
        String name = RedisKeys.channel(devId, channel);
        int local = wanted.contains(name) ? handler.onFrame(devId, channel, frame) : 0;
        return send(name, Wire.frame(node, devId, channel, frame.utf8())).thenApply(n -> local);
    }

    @Override
    public CompletableFuture<Integer> publishToUser(int devId, UserMessage message) {
        String name = RedisKeys.user(devId, message.userId());
        boolean holds = wanted.contains(name);
        int local = holds ? handler.onUserMessage(devId, message) : 0;
        // Redis counts this node's subscription too
        return send(name, Wire.user(node, devId, message)).thenApply(n -> local + (int) Math.max(0,
                n - (holds ? 1 : 0)));
    }

    @Override
    public CompletableFuture<Void> publishControl(Control control) {
        handler.onControl(control);
        return send(RedisKeys.CONTROL, Wire.control(node, control)).thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Void> publishControl(String toNode, Control control) {
        if (toNode.equals(node)) {
            handler.onControl(control);
            return DONE;
        }
        return send(RedisKeys.nodeControl(toNode), Wire.control(node, control)).thenApply(n -> {
            if (n == 0) {
                // nobody subscribed: the node stopped (or lost Redis) though presence may still list it as live
                throw new BrokerUnavailableException("node " + toNode + " does not listen to Redis");
            }
            return null;
        });
    }

    /** Controls this node received from other nodes, on the shared channel and its own (tests, benchmarks). */
    public long controlsReceived() {
        return controlsReceived.get();
    }

    @Override
    public CompletableFuture<Void> subscribe(int devId, String channel) {
        return change(RedisKeys.channel(devId, channel), true);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(int devId, String channel) {
        return change(RedisKeys.channel(devId, channel), false);
    }

    @Override
    public CompletableFuture<Void> subscribeUser(int devId, long userId) {
        return change(RedisKeys.user(devId, userId), true);
    }

    @Override
    public CompletableFuture<Void> unsubscribeUser(int devId, long userId) {
        return change(RedisKeys.user(devId, userId), false);
    }

    @Override
    public CompletableFuture<HistoryPage> history(int devId, String channel, StreamPosition since, int limit) {
        return timed(subscribed(devId, List.of(channel))
                .thenCompose(v -> history.read(devId, channel, since, limit)));
    }

    @Override
    public CompletableFuture<List<Publication>> history(int devId, Collection<String> channels, int limitPerChannel) {
        return timed(subscribed(devId, channels).thenCompose(v -> history.read(devId, channels, limitPerChannel)));
    }

    /**
     * Completes once this node's pending subscription changes of the channels are done (failed ones too). A recover or
     * pipe_log right after a (re)subscription reads then, or a publication between the read and the SUBSCRIBE (queued
     * behind an UNSUBSCRIBE when a page reconnects to the same node) would reach the page neither way.
     */
    @Override
    public CompletableFuture<Void> subscriptionSettled(int devId, String channel) {
        return subscribed(devId, List.of(channel));
    }

    private CompletableFuture<Void> subscribed(int devId, Collection<String> channels) {
        CompletableFuture<Void> all = DONE;
        for (String channel : channels) {
            CompletableFuture<Void> change = serial.get(RedisKeys.channel(devId, channel));
            if (change != null) {
                CompletableFuture<Void> done = change.exceptionally(e -> null);
                all = all == DONE ? done : all.thenCombine(done, (x, y) -> null);
            }
        }
        return all;
    }

    @Override
    public CompletableFuture<List<Publication>> allHistory(int devId, int limit) {
        return timed(history.readAll(devId, limit));
    }

    @Override
    public CompletableFuture<Integer> removeHistory(int devId, Collection<String> channels) {
        return timed(history.remove(devId, channels));
    }

    @Override
    public CompletableFuture<Integer> removePublications(int devId, Collection<String> ids) {
        return timed(history.removeIds(devId, ids));
    }

    @Override
    public boolean available() {
        return !closed && commands.isOpen() && pubSub.isOpen();
    }

    /** Whether this node uses sharded pub/sub (Redis 7 and later). */
    public boolean sharded() {
        return sharded;
    }

    @Override
    public void close() {
        closed = true;
        if (checking != null) {
            checking.cancel(false);
        }
        pubSub.closeAsync();
        commands.closeAsync();
        pending.values().forEach(p -> p.fail(new BrokerUnavailableException("broker closed")));
        pending.clear();
    }

    private void receive(byte[] bytes) {
        BrokerHandler h = handler;
        Wire.Message m;
        try {
            m = Wire.readMessage(bytes);
        } catch (RuntimeException e) {
            failures.warn("cluster: unreadable message from Redis ignored: {}", e.toString());
            return;
        }
        if (m.node() != null && m.node().equals(node) || closed) {
            return;
        }
        switch (m.kind()) {
            case Wire.KEPT -> {
                Publication p = (Publication) m.content();
                int receivers = wanted.contains(RedisKeys.channel(m.devId(), p.channel()))
                        ? h.onPublication(m.devId(), p) : 0;
                PendingPublish waiting = pending.remove(p.id());
                if (waiting != null) {
                    waiting.echoed(receivers);
                }
            }
            case Wire.PUBLICATION -> {
                if (wanted.contains(RedisKeys.channel(m.devId(), m.channel()))) {
                    h.onPublication(m.devId(), (Publication) m.content());
                }
            }
            case Wire.FRAME -> {
                if (wanted.contains(RedisKeys.channel(m.devId(), m.channel()))) {
                    h.onFrame(m.devId(), m.channel(), EncodedFrame.ofUtf8((byte[]) m.content()));
                }
            }
            case Wire.USER -> {
                UserMessage message = (UserMessage) m.content();
                if (wanted.contains(RedisKeys.user(m.devId(), message.userId()))) {
                    h.onUserMessage(m.devId(), message);
                }
            }
            case Wire.CONTROL -> {
                controlsReceived.incrementAndGet();
                h.onControl((Control) m.content());
            }
            default -> failures.warn("cluster: message of unknown kind {} ignored", m.kind());
        }
    }

    private CompletableFuture<Long> send(String channel, byte[] message) {
        RedisFuture<Long> sent = sharded ? redis.spublish(channel, message) : redis.publish(channel, message);
        return timed(sent.toCompletableFuture()).exceptionally(e -> {
            throw unavailable("publish", e);
        });
    }

    /** (Un)subscribes after the channel's previous change, so a subscribe racing an unsubscribe ends as called last. */
    private CompletableFuture<Void> change(String channel, boolean on) {
        Supplier<CompletableFuture<Void>> apply = on ? () -> subscribeNow(channel) : () -> unsubscribeNow(channel);
        CompletableFuture<Void>[] next = new CompletableFuture[1];
        serial.compute(channel, (k, previous) -> {
            if (on) {
                wanted.add(channel);
            } else {
                wanted.remove(channel);
            }
            CompletableFuture<Void> after = previous == null ? DONE : previous.exceptionally(e -> null);
            next[0] = after.thenCompose(v -> apply.get());
            return next[0];
        });
        next[0].whenComplete((v, e) -> serial.remove(channel, next[0]));
        return next[0];
    }

    private CompletableFuture<Void> subscribeNow(String channel) {
        RedisPubSubAsyncCommands<String, byte[]> async = pubSub.async();
        RedisFuture<Void> done = sharded ? async.ssubscribe(channel) : async.subscribe(channel);
        return timed(done.toCompletableFuture()).exceptionally(e -> {
            resubscribe = true; // restored with the others once Redis is back
            throw unavailable("subscribe", e);
        });
    }

    private CompletableFuture<Void> unsubscribeNow(String channel) {
        RedisPubSubAsyncCommands<String, byte[]> async = pubSub.async();
        RedisFuture<Void> done = sharded ? async.sunsubscribe(channel) : async.unsubscribe(channel);
        // delivery checks `wanted`, so a failed unsubscribe only costs unwanted traffic until the next reconnect
        return timed(done.toCompletableFuture()).exceptionally(e -> null);
    }

    /** Logs availability changes and, once Redis is back, subscribes again to everything this node wants. */
    private void checkConnection() {
        if (closed) {
            return;
        }
        boolean now = available();
        if (now != wasAvailable) {
            wasAvailable = now;
            if (now) {
                log.info("cluster: Redis reachable again, node {} restores {} subscriptions", node, wanted.size());
            } else {
                log.warn("cluster: Redis unreachable from node {}; publishing answers errors until it is back", node);
                resubscribe = true;
            }
        }
        if (now && resubscribe) {
            resubscribe = false;
            String[] all = wanted.toArray(String[]::new);
            if (all.length == 0) {
                return;
            }
            RedisPubSubAsyncCommands<String, byte[]> async = pubSub.async();
            CompletionStage<Void> done = sharded ? async.ssubscribe(all) : async.subscribe(all);
            done.whenComplete((v, e) -> {
                if (e != null) {
                    resubscribe = true;
                    failures.warn("cluster: restoring subscriptions failed, retrying: {}", e.toString());
                }
            });
        }
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<T> future) {
        return future.orTimeout(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RuntimeException unavailable(String what, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof BrokerUnavailableException b) {
            return b;
        }
        failures.warn("cluster: {} failed on node {}: {}", what, node, cause.toString());
        return new BrokerUnavailableException("Redis unavailable: " + what + " failed (" + cause + ")",
                cause);
    }

    /** A kept publication of this node: completes once it is stored and this node's echo was delivered. */
    private static final class PendingPublish {
        private final Publication publication;
        private final CompletableFuture<Published> done = new CompletableFuture<>();
        private StreamPosition position;
        private int receivers = -1;

        PendingPublish(Publication publication) {
            this.publication = publication;
        }

        synchronized CompletableFuture<Published> stored(StreamPosition position) {
            this.position = position;
            completeIfBoth();
            return done;
        }

        synchronized void echoed(int receivers) {
            this.receivers = receivers;
            completeIfBoth();
        }

        void fail(RuntimeException e) {
            done.completeExceptionally(e);
        }

        private void completeIfBoth() {
            if (position != null && receivers >= 0) {
                done.complete(new Published(publication.withPosition(position), receivers));
            }
        }
    }
}
