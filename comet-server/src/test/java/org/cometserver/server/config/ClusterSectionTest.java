package org.cometserver.server.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [cluster]}: defaults, values, and clear errors naming the key. */
class ClusterSectionTest {

    @Test
    void withoutRedisTheServerIsOneNode() {
        ClusterSection cluster = CometConfig.defaults().cluster();
        assertFalse(cluster.enabled());
        assertEquals(new ClusterSection("", "", Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(86_400), Duration.ofMillis(2000)), cluster);
        assertEquals("host1:8087", cluster.nodeName("host1", 8087));
    }

    @Test
    void valuesAreRead() {
        ClusterSection cluster = CometConfig.parse("""
                [cluster]
                redis = redis-sentinel://s1:26379,s2:26379?sentinelMasterId=comet
                node_name = east-1
                heartbeat = 2
                failure_timeout = 7
                history_ttl = 60
                publish_timeout = 500
                """).cluster();
        assertTrue(cluster.enabled());
        assertEquals(new ClusterSection("redis-sentinel://s1:26379,s2:26379?sentinelMasterId=comet", "east-1", Duration.ofSeconds(2),
                Duration.ofSeconds(7), Duration.ofSeconds(60), Duration.ofMillis(500)), cluster);
        assertEquals("east-1", cluster.nodeName("host1", 8087));
    }

    @Test
    void badValuesNameTheirKey() {
        assertMessage("[cluster] redis: expected redis://host:port[/db], rediss://… or "
                + "redis-sentinel://host:port[,host:port]?sentinelMasterId=master, got 'localhost:6379'",
                "redis = localhost:6379");
        assertMessage("[cluster] redis: URI must contain the sentinelMasterId in 'redis-sentinel://s1:26379'",
                "redis = redis-sentinel://s1:26379");
        assertMessage("[cluster] failure_timeout: 3 must be more than heartbeat (3)",
                "heartbeat = 3\nfailure_timeout = 3");
        assertMessage("[cluster] publish_timeout: not a number: 'soon'", "publish_timeout = soon");
    }

    @Test
    void aClusterRefusesTheEmbeddedStore() {
        CometConfig config = CometConfig.parse("[cluster]\nredis = redis://127.0.0.1:6379\n");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> config.cluster().checkStore(config.db()));
        assertTrue(e.getMessage().startsWith("[cluster] redis is set, but [db] host is empty"), e.getMessage());
        CometConfig shared = CometConfig.parse("[db]\nhost = db1\n[cluster]\nredis = redis://127.0.0.1:6379\n");
        shared.cluster().checkStore(shared.db());
        CometConfig.defaults().cluster().checkStore(CometConfig.defaults().db());
    }

    private static void assertMessage(String expected, String keys) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> CometConfig.parse("[cluster]\n" + keys + "\n"));
        assertEquals(expected, e.getMessage());
    }
}
