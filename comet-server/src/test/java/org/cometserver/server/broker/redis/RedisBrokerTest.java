package org.cometserver.server.broker.redis;

import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerContract;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;

/** {@link RedisBroker} passes the broker contract on a real redis-server, emptied before each test. */
class RedisBrokerTest extends BrokerContract {
    private TestRedisNode node;

    @Override
    protected Broker newBroker() {
        RedisServer redis = RedisServer.shared();
        redis.flushAll();
        node = new TestRedisNode(redis.uri(), "n1");
        return node.broker();
    }

    @AfterEach
    void closeClient() {
        node.close();
    }
}
