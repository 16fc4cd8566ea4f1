package org.cometserver.server.broker.redis;

import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceContract;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.testing.RedisServer;

import java.util.concurrent.CompletableFuture;

/** {@link RedisPresence} passes the presence contract on a real redis-server, emptied before each test. */
class RedisPresenceTest extends PresenceContract {

    @Override
    protected PresenceNode newNode(String name) {
        RedisServer.shared().flushAll();
        return new Node(new TestRedisNode(RedisServer.shared().uri(), name));
    }

    /** A node of the contract: its connections only tell presence. */
    static final class Node implements PresenceNode {
        private final TestRedisNode redis;
        private final RedisPresence presence;

        Node(TestRedisNode redis) {
            this.redis = redis;
            this.presence = redis.presence();
        }

        @Override
        public PresenceManager presence() {
            return presence;
        }

        @Override
        public void join(int devId, String channel, ClientInfo client) {
            presence.joined(devId, channel, client);
        }

        @Override
        public void leave(int devId, String channel, ClientInfo client) {
            presence.left(devId, channel, client);
        }

        @Override
        public CompletableFuture<Boolean> connectUser(int devId, long userId) {
            return presence.userConnected(devId, userId);
        }

        @Override
        public CompletableFuture<Boolean> disconnectUser(int devId, long userId) {
            return presence.userDisconnected(devId, userId);
        }

        @Override
        public void close() {
            presence.close();
            redis.close();
        }
    }
}
