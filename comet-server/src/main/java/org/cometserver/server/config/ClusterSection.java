package org.cometserver.server.config;

import java.time.Duration;

/**
 * {@code [cluster]}: several nodes on one Redis (docs/CLUSTER.md). Without {@code redis} the server is a single node.
 *
 * @param redis          {@code redis}: empty (default) for a single node, else one Lettuce URI:
 *                       {@code redis://[:password@]host:port[/db]} or, through Sentinel,
 *                       {@code redis-sentinel://[:password@]host1:26379,host2:26379[/db]#mastername}
 * @param nodeName       {@code node_name}: this node's name in presence and logs; empty (default) means
 *                       {@code <hostname>:<ws port>} ({@link #nodeName(String, int)})
 * @param heartbeat      {@code heartbeat}: seconds between this node's heartbeats (default 1)
 * @param failureTimeout {@code failure_timeout}: seconds without a heartbeat after which a node's connections leave
 *                       presence (default 5; more than {@code heartbeat})
 * @param historyTtl     {@code history_ttl}: seconds a channel's history lives in Redis after its last publication
 *                       (default 86400)
 * @param publishTimeout {@code publish_timeout}: milliseconds a publish waits for Redis before answering ERR
 *                       (default 2000)
 */
public record ClusterSection(String redis, String nodeName, Duration heartbeat, Duration failureTimeout,
                             Duration historyTtl, Duration publishTimeout) {

    static ClusterSection read(IniSection s) {
        String redis = s.string("redis", "").strip();
        if (!redis.isEmpty() && !redis.startsWith("redis://") && !redis.startsWith("rediss://")
                && !redis.startsWith("redis-sentinel://")) {
            throw s.invalid("redis", "expected redis://host:port[/db], rediss://… or "
                    + "redis-sentinel://host:port[,host:port]?sentinelMasterId=master, got '" + redis + "'");
        }
        if (!redis.isEmpty()) {
            try {
                io.lettuce.core.RedisURI.create(redis);
            } catch (IllegalArgumentException e) {
                throw s.invalid("redis", e.getMessage() + " in '" + redis + "'");
            }
        }
        int heartbeat = s.integer("heartbeat", 1, 1, 3600);
        int failureTimeout = s.integer("failure_timeout", 5, 2, 86_400);
        if (failureTimeout <= heartbeat) {
            throw s.invalid("failure_timeout", failureTimeout + " must be more than heartbeat (" + heartbeat + ")");
        }
        return new ClusterSection(redis, s.string("node_name", "").strip(), Duration.ofSeconds(heartbeat),
                Duration.ofSeconds(failureTimeout), Duration.ofSeconds(s.integer("history_ttl", 86_400, 1,
                Integer.MAX_VALUE)), Duration.ofMillis(s.integer("publish_timeout", 2000, 10, 600_000)));
    }

    /** Whether several nodes share a Redis ({@code redis} given). */
    public boolean enabled() {
        return !redis.isEmpty();
    }

    /**
     * {@code node_name}, or {@code <hostname>:<ws port>} when empty ({@code <hostname>:pid<pid>} for a port chosen by
     * the system, 0, so that two such nodes on one machine differ).
     */
    public String nodeName(String hostname, int wsPort) {
        if (!nodeName.isEmpty()) {
            return nodeName;
        }
        return hostname + ":" + (wsPort == 0 ? "pid" + ProcessHandle.current().pid() : wsPort);
    }

    /**
     * Refuses a cluster over a store of this node only: the nodes must share the MariaDB of {@code [db]}.
     *
     * @throws InvalidConfigException naming {@code [db] host} when {@code redis} is set and the store is embedded H2
     */
    public void checkStore(DbSection db) {
        if (enabled() && db.embedded()) {
            throw new InvalidConfigException("[cluster] redis is set, but [db] host is empty (the embedded H2 store "
                    + "of this node only): the nodes of a cluster must share one MariaDB; set [db] host");
        }
    }
}
