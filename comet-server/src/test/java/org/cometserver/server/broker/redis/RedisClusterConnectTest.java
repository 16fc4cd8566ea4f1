package org.cometserver.server.broker.redis;

import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.RecordingHandler;
import org.cometserver.server.config.ClusterSection;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RedisCluster#connect} from {@code [cluster]}: directly, through Sentinel, and with Redis down. */
class RedisClusterConnectTest {

    private static ClusterSection config(String redis) {
        return CometConfig.parse("[cluster]\nredis = " + redis + "\n").cluster();
    }

    @Test
    void aNodeConnectsFromItsConfigAndPublishes() throws Exception {
        RedisServer redis = RedisServer.shared();
        redis.flushAll();
        assertPublishes(config(redis.uri()));
    }

    @Test
    void aNodeFindsItsRedisThroughSentinel() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        RedisServer sentinel = redis.startSentinel("comet");
        try {
            assertPublishes(config("redis-sentinel://127.0.0.1:" + sentinel.port() + "?sentinelMasterId=comet"));
        } finally {
            sentinel.close();
            redis.close();
        }
    }

    @Test
    void redisDownAtStartIsAClearError() {
        RedisServer redis = RedisServer.startPrivate();
        String uri = redis.uri();
        redis.close();
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
                () -> RedisCluster.connect(config(uri), "n1"));
        assertTrue(e.getMessage().startsWith("cannot connect to Redis: "), e.getMessage());
    }

    private static void assertPublishes(ClusterSection config) throws Exception {
        try (RedisCluster cluster = RedisCluster.connect(config, "n1")) {
            RecordingHandler handler = new RecordingHandler();
            cluster.broker().start(handler);
            cluster.presence().start((devId, userIds) -> { });
            assertTrue(cluster.available());
            cluster.broker().subscribe(1, "news").get(10, TimeUnit.SECONDS);
            Publication p = new Publication(UUID.randomUUID().toString(), "news", "ev", "hi", 1L,
                    Publication.NO_SENDER, null);
            assertEquals(1, cluster.broker().publish(1, p, 5).get(10, TimeUnit.SECONDS).localReceivers());
            assertEquals(List.of("hi"), cluster.broker().history(1, List.of("news"), 5)
                    .get(10, TimeUnit.SECONDS).stream().map(Publication::data).toList());
            assertTrue(cluster.presence().userConnected(1, 5).get(10, TimeUnit.SECONDS));
            assertEquals(Duration.ofSeconds(1), config.heartbeat());
        }
    }
}
