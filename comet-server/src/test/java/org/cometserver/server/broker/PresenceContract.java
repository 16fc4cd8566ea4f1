package org.cometserver.server.broker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link PresenceManager} answers on one node. Writes are asynchronous, so reads are polled until they
 * agree (within {@link #WAIT}).
 */
public abstract class PresenceContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected PresenceNode node;
    protected final List<List<Long>> lost = new ArrayList<>();

    /**
     * One node's presence over empty state, with what the node's connections do. For an implementation that reads
     * the node's hub, {@link PresenceNode#join} also registers the connection there.
     */
    protected abstract PresenceNode newNode(String name);

    /** A node as presence sees it: its manager, and how its connections join and leave. */
    public interface PresenceNode extends AutoCloseable {
        PresenceManager presence();

        void join(int devId, String channel, ClientInfo client);

        void leave(int devId, String channel, ClientInfo client);

        /** The user's first connection on this node; returns {@link PresenceManager#userConnected}'s answer. */
        CompletableFuture<Boolean> connectUser(int devId, long userId);

        /** The user's last connection on this node left; returns {@link PresenceManager#userDisconnected}'s. */
        CompletableFuture<Boolean> disconnectUser(int devId, long userId);

        @Override
        void close();
    }

    @BeforeEach
    void startNode() {
        node = newNode("n1");
        node.presence().start((devId, userIds) -> {
            synchronized (lost) {
                lost.add(userIds);
            }
        });
    }

    @AfterEach
    void closeNode() {
        node.close();
    }

    protected static ClientInfo client(String node, String id, long userId) {
        return new ClientInfo(node, id, userId, "uuid-" + id, "agent " + id, "127.0.0." + (1 + id.length()),
                "https://site", "en");
    }

    protected static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls until the read equals {@code expected}. */
    protected static <T> void eventually(T expected, Supplier<CompletableFuture<T>> read) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = get(read.get());
            if (expected.equals(last)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(expected, last);
    }

    @Test
    void membersAndCountsFollowJoinsAndLeaves() {
        PresenceManager presence = node.presence();
        ClientInfo a = client("n1", "a", 5);
        ClientInfo b = client("n1", "b", 0);
        node.join(1, "track_room", a);
        node.join(1, "track_room", b);
        node.join(1, "other", a);
        node.join(2, "track_room", b);
        eventually(Set.of(a, b), () -> presence.members(1, "track_room").thenApply(Set::copyOf));
        eventually(Map.of("track_room", 2, "none", 0), () -> presence.counts(1, List.of("track_room", "none")));
        eventually(Map.of("track_room", 2, "other", 1), () -> presence.allCounts(1, 100));
        eventually(Map.of("track_room", 1), () -> presence.allCounts(2, 100));
        node.leave(1, "track_room", a);
        eventually(List.of(b), () -> presence.members(1, "track_room"));
        node.leave(1, "track_room", b);
        eventually(Map.of("other", 1), () -> presence.allCounts(1, 100));
        eventually(List.of(), () -> presence.members(1, "track_room"));
    }

    @Test
    void allCountsHonoursItsLimit() {
        for (int i = 0; i < 5; i++) {
            node.join(1, "ch" + i, client("n1", "c" + i, 0));
        }
        eventually(5, () -> node.presence().allCounts(1, 100).thenApply(Map::size));
        assertEquals(3, get(node.presence().allCounts(1, 3)).size());
    }

    @Test
    void aUserIsOnlineFromHisFirstConnectionToHisLast() {
        PresenceManager presence = node.presence();
        assertTrue(get(node.connectUser(1, 9)), "no other node holds user 9");
        eventually(Set.of(9L), () -> presence.online(1, List.of(9L, 10L)));
        eventually(1, () -> presence.onlineUserCount(1));
        eventually(0, () -> presence.onlineUserCount(2));
        assertTrue(get(node.disconnectUser(1, 9)), "and none holds him now");
        eventually(Set.of(), () -> presence.online(1, List.of(9L)));
        eventually(0, () -> presence.onlineUserCount(1));
    }

    @Test
    void theNodeIsLive() {
        eventually(true, () -> node.presence().liveNodes().thenApply(nodes -> nodes.contains("n1")));
    }
}
