package org.cometserver.server.broker.redis;

import io.lettuce.core.RedisClient;
import org.cometserver.server.config.ClusterSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A node's part of a cluster on Redis, built from {@code [cluster]} in one call: the {@link RedisBroker}, the
 * {@link RedisPresence}, the {@link RedisLeases}, their client and the node's one timer thread ({@code comet-cluster}:
 * heartbeats, lease renewals, reaping, publish timeouts, the reconnection check). The caller starts the broker and the
 * presence with its handler and events, and closes this at shutdown.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);

    private final RedisClient client;
    private final ScheduledExecutorService timer;
    private final RedisBroker broker;
    private final RedisPresence presence;
    private final RedisLeases leases;

    private RedisCluster(RedisClient client, ScheduledExecutorService timer, RedisBroker broker,
                         RedisPresence presence, RedisLeases leases) {
        this.client = client;
        this.timer = timer;
        this.broker = broker;
        this.presence = presence;
        this.leases = leases;
    }

    /**
     * Connects to {@code [cluster] redis} (blocking at start-up, at most about {@code publish_timeout} per step).
     *
     * @param node this node's name ({@link ClusterSection#nodeName(String, int)})
     * @throws org.cometserver.server.broker.BrokerUnavailableException when Redis cannot be reached
     */
    public static RedisCluster connect(ClusterSection config, String node) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("[cluster] redis is empty: a single node has no Redis");
        }
        RedisClient client = RedisConnections.client(config.redis(), config.publishTimeout());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "comet-cluster");
            t.setDaemon(true);
            return t;
        });
        try {
            RedisBroker broker = new RedisBroker(client, node, config.historyTtl(), config.publishTimeout(), timer);
            RedisPresence presence = new RedisPresence(client, node, config.heartbeat(), config.failureTimeout(),
                    timer);
            RedisLeases leases = new RedisLeases(client, node, config.failureTimeout());
            log.info("cluster: node {} connected to {}", node, RedisConnections.redacted(config.redis()));
            return new RedisCluster(client, timer, broker, presence, leases);
        } catch (RuntimeException e) {
            timer.shutdownNow();
            RedisConnections.shutdown(client);
            throw e;
        }
    }

    public RedisBroker broker() {
        return broker;
    }

    public RedisPresence presence() {
        return presence;
    }

    /** The node's {@code comet-cluster} timer, for short tasks that only send to Redis (lease renewals). */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** Who processes each FreeSWITCH node's events (docs/CLUSTER.md "Conferences"). */
    public RedisLeases leases() {
        return leases;
    }

    /** The {@code cluster_redis_available} row and metric. */
    public boolean available() {
        return broker.available();
    }

    @Override
    public void close() {
        leases.close();
        presence.close();
        broker.close();
        timer.shutdownNow();
        RedisConnections.shutdown(client);
    }
}
