package org.cometserver.server.broker.redis;

import io.lettuce.core.RedisClient;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerContract;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** {@link RedisBroker} passes the broker contract on a real redis-server, emptied before each test. */
class RedisBrokerTest extends BrokerContract {
    private RedisClient client;
    private ScheduledExecutorService timer;

    @Override
    protected Broker newBroker() {
        RedisServer redis = RedisServer.shared();
        redis.flushAll();
        client = RedisConnections.client(redis.uri(), Duration.ofSeconds(2));
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "redis-broker-test-timer"));
        return new RedisBroker(client, "n1", Duration.ofHours(1), Duration.ofSeconds(2), timer);
    }

    @AfterEach
    void closeClient() {
        timer.shutdownNow();
        RedisConnections.shutdown(client);
    }
}
