package org.cometserver.server.broker.redis;

import io.lettuce.core.RedisClient;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** One node's Redis client and timer in a test, with short heartbeat and timeouts. */
final class TestRedisNode implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    static final Duration FAILURE_TIMEOUT = Duration.ofMillis(1000);
    static final Duration PUBLISH_TIMEOUT = Duration.ofMillis(5000);

    final String name;
    final RedisClient client;
    final ScheduledExecutorService timer;

    TestRedisNode(String uri, String name) {
        this.name = name;
        this.client = RedisConnections.client(uri, PUBLISH_TIMEOUT);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "redis-test-" + name));
    }

    RedisBroker broker() {
        return new RedisBroker(client, name, Duration.ofHours(1), PUBLISH_TIMEOUT, timer);
    }

    RedisPresence presence() {
        return new RedisPresence(client, name, HEARTBEAT, FAILURE_TIMEOUT, timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        RedisConnections.shutdown(client);
    }
}
