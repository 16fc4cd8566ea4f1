package org.cometserver.server.broker.redis;

import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An outage of Redis longer than {@code failure_timeout} leaves every node's heartbeat old, yet no node died: once
 * Redis is back, the first node to reach it must not reap the others (their users would be reported lost, their
 * pages' user_status_ would say offline while they are connected).
 */
class RedisPresenceOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void anOutageLongerThanTheFailureTimeoutReapsNoLiveNode() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        toClose.add(redis::close);
        List<List<Long>> lost = new ArrayList<>();
        List<RedisPresence> nodes = new ArrayList<>();
        for (String name : List.of("n1", "n2", "n3")) {
            nodes.add(presence(redis, name, lost));
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).joined(1, "room", new ClientInfo("n" + (i + 1), "c" + i, 10 + i, "uuid-" + i, "agent",
                    "127.0.0.1", "https://site", "en"));
            get(nodes.get(i).userConnected(1, 10 + i));
        }
        awaitEveryNode(nodes);

        redis.stop();
        Thread.sleep(TestRedisNode.FAILURE_TIMEOUT.toMillis() * 3); // every heartbeat is older than the timeout
        redis.restart();
        awaitEveryNode(nodes);
        // several janitor rounds after every node is back (each node reaps failure_timeout after its return)
        Thread.sleep(TestRedisNode.FAILURE_TIMEOUT.toMillis() * 3);

        synchronized (lost) {
            assertEquals(List.of(), lost, "no user reported lost: no node died");
        }
        for (RedisPresence node : nodes) {
            assertEquals(Set.of(10L, 11L, 12L), get(node.online(1, List.of(10L, 11L, 12L))));
            assertEquals(3, get(node.counts(1, List.of("room"))).get("room"));
        }
    }

    private RedisPresence presence(RedisServer redis, String name, List<List<Long>> lost) {
        TestRedisNode node = new TestRedisNode(redis.uri(), name);
        toClose.add(node);
        RedisPresence presence = node.presence();
        presence.start((devId, userIds) -> {
            synchronized (lost) {
                lost.add(userIds);
            }
        });
        toClose.add(presence);
        return presence;
    }

    /** Every node counts the three members and users. */
    private static void awaitEveryNode(List<RedisPresence> nodes) {
        for (RedisPresence node : nodes) {
            Eventually.until("three members and users seen", () -> {
                try {
                    return node.counts(1, List.of("room")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                            .getOrDefault("room", 0) == 3
                            && node.online(1, List.of(10L, 11L, 12L)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                            .size() == 3;
                } catch (Exception e) {
                    return false; // Redis not reached yet
                }
            }, () -> "fewer");
        }
    }

    private static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
