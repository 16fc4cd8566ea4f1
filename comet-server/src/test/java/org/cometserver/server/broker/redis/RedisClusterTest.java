package org.cometserver.server.broker.redis;

import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerContract;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.RecordingHandler;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several nodes (brokers and presences of different node names) in one JVM on one real redis-server. */
class RedisClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private record BrokerNode(RedisBroker broker, RecordingHandler handler) {
    }

    private TestRedisNode node(RedisServer redis, String name) {
        TestRedisNode node = new TestRedisNode(redis.uri(), name);
        toClose.add(node);
        return node;
    }

    private BrokerNode broker(RedisServer redis, String name) {
        RedisBroker broker = node(redis, name).broker();
        RecordingHandler handler = new RecordingHandler();
        broker.start(handler);
        toClose.add(broker);
        return new BrokerNode(broker, handler);
    }

    private static RedisServer fresh() {
        RedisServer.shared().flushAll();
        return RedisServer.shared();
    }

    @Test
    void aPublicationOnOneNodeReachesTheOthers() throws InterruptedException {
        RedisServer redis = fresh();
        BrokerNode a = broker(redis, "a");
        BrokerNode b = broker(redis, "b");
        BrokerNode c = broker(redis, "c");
        get(b.broker.subscribe(1, "news"));
        get(c.broker.subscribe(1, "news"));
        Broker.Published published = get(a.broker.publish(1, publication("news", "hello"), 0));
        assertEquals(0, published.localReceivers(), "node a has no subscriber of news");
        for (BrokerNode n : List.of(b, c)) {
            assertEquals("hello", ((Publication) n.handler.await(x -> x.channel().equals("news"), 1, WAIT).get(0)
                    .what()).data());
        }
        assertEquals(List.of(), a.handler.publications("news"));
    }

    @Test
    void aPublicationWithoutIdReachesTheOthersWithoutOne() throws InterruptedException {
        RedisServer redis = fresh();
        BrokerNode a = broker(redis, "a");
        BrokerNode b = broker(redis, "b");
        get(b.broker.subscribe(1, "news"));
        // the publisher gives no id to what nothing addresses (neither kept nor a browser's)
        get(a.broker.publish(1, new Publication(null, "news", "ev", "plain", 1_700_000_000L, Publication.NO_SENDER,
                null), 0));
        Publication arrived = (Publication) b.handler.await(x -> x.channel().equals("news"), 1, WAIT).get(0).what();
        assertEquals("plain", arrived.data());
        assertNull(arrived.id());
    }

    @Test
    void keptPublicationsOfTwoNodesArriveInOffsetOrderOnEveryNode() throws InterruptedException {
        RedisServer redis = fresh();
        List<BrokerNode> nodes = List.of(broker(redis, "a"), broker(redis, "b"), broker(redis, "c"));
        for (BrokerNode n : nodes) {
            get(n.broker.subscribe(1, "busy"));
        }
        int each = 100;
        List<CompletableFuture<Broker.Published>> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (BrokerNode publisher : nodes.subList(0, 2)) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    CompletableFuture<Broker.Published> f = publisher.broker.publish(1, publication("busy",
                            "m" + i), 1000);
                    synchronized (all) {
                        all.add(f);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        all.forEach(RedisClusterTest::get);
        List<Long> expected = LongStream.rangeClosed(1, 2L * each).boxed().toList();
        for (BrokerNode n : nodes) {
            n.handler.await(x -> x.channel().equals("busy"), 2 * each, WAIT);
            assertEquals(expected, n.handler.publications("busy").stream().map(p -> p.position().offset()).toList());
        }
    }

    @Test
    void userMessagesReachTheNodesHoldingTheUser() throws InterruptedException {
        RedisServer redis = fresh();
        BrokerNode a = broker(redis, "a");
        BrokerNode b = broker(redis, "b");
        UserMessage message = new UserMessage(42, "{}".getBytes(StandardCharsets.UTF_8), "ev", "text");
        assertEquals(0, get(a.broker.publishToUser(1, message)), "nobody holds user 42");
        get(b.broker.subscribeUser(1, 42));
        assertEquals(1, get(a.broker.publishToUser(1, message)), "node b got it");
        b.handler.await(x -> x.channel().equals("user:42"), 1, WAIT);
        assertEquals(List.of(), a.handler.arrivals());
        get(b.broker.unsubscribeUser(1, 42));
        assertEquals(0, get(a.broker.publishToUser(1, message)));
    }

    @Test
    void aControlReachesEveryNode() throws InterruptedException {
        RedisServer redis = fresh();
        List<BrokerNode> nodes = List.of(broker(redis, "a"), broker(redis, "b"), broker(redis, "c"));
        Control control = new Control.PipeSettingsChanged(3, List.of("x"));
        get(nodes.get(0).broker.publishControl(control));
        for (BrokerNode n : nodes) {
            List<RecordingHandler.Arrival> got = n.handler.await(x -> x.channel().equals("control"), 1, WAIT);
            assertEquals(List.of(control), got.stream().map(RecordingHandler.Arrival::what).toList());
        }
    }

    @Test
    void callControlsReachTheOtherNodesIntact() throws InterruptedException {
        RedisServer redis = fresh();
        BrokerNode a = broker(redis, "a");
        BrokerNode b = broker(redis, "b");
        List<Control> controls = BrokerContract.callControls();
        for (Control control : controls) {
            get(a.broker.publishControl(control));
        }
        List<RecordingHandler.Arrival> got = b.handler.await(x -> x.channel().equals("control"), controls.size(), WAIT);
        assertEquals(controls, got.stream().map(RecordingHandler.Arrival::what).toList(), "in order, every field");
    }

    @Test
    void aControlAddressedToOneNodeReachesItAlone() throws InterruptedException {
        RedisServer redis = fresh();
        BrokerNode a = broker(redis, "a");
        BrokerNode b = broker(redis, "b");
        BrokerNode c = broker(redis, "c");
        Control forB = new Control.CallFrame(1, "b", "c-1", "{\"for\":\"b\"}");
        get(a.broker.publishControl("b", forB));
        Control marker = new Control.NodeLost(0, "marker");
        get(a.broker.publishControl(marker));
        // the broadcast marker came after the addressed control: whoever got the marker would have had it first
        assertEquals(List.of(forB, marker), b.handler.await(x -> x.channel().equals("control"), 2, WAIT).stream()
                .map(RecordingHandler.Arrival::what).toList());
        for (BrokerNode other : List.of(a, c)) {
            assertEquals(List.of(marker), other.handler.await(x -> x.channel().equals("control"), 1, WAIT).stream()
                    .map(RecordingHandler.Arrival::what).toList());
        }
        assertEquals(1, c.broker.controlsReceived(), "c received the broadcast alone");
        assertEquals(2, b.broker.controlsReceived());
        ExecutionException nobody = assertThrows(ExecutionException.class, () -> a.broker.publishControl("gone",
                forB).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(BrokerUnavailableException.class, nobody.getCause(), "no node gone listens");
    }

    @Test
    void presenceAgreesOnEveryNode() {
        RedisServer redis = fresh();
        RedisPresence p1 = presence(redis, "n1", new ArrayList<>());
        RedisPresence p2 = presence(redis, "n2", new ArrayList<>());
        ClientInfo a = client("n1", "a", 5);
        ClientInfo b = client("n2", "b", 6);
        p1.joined(1, "track_room", a);
        p2.joined(1, "track_room", b);
        for (RedisPresence p : List.of(p1, p2)) {
            eventually(Set.of(a, b), () -> p.members(1, "track_room").thenApply(Set::copyOf));
            eventually(Map.of("track_room", 2), () -> p.allCounts(1, 10));
        }
        assertTrue(get(p1.userConnected(1, 9)));
        assertFalse(get(p2.userConnected(1, 9)), "n1 holds user 9 already");
        assertFalse(get(p1.userDisconnected(1, 9)), "n2 still holds him");
        assertEquals(Set.of(9L), get(p1.online(1, List.of(9L))));
        assertTrue(get(p2.userDisconnected(1, 9)));
        assertEquals(Set.of(), get(p1.online(1, List.of(9L))));
    }

    @Test
    void aNodeThatStopsHeartbeatingVanishesAndItsUsersAreReportedLostOnce() throws InterruptedException {
        RedisServer redis = fresh();
        List<List<Long>> lost1 = new ArrayList<>();
        List<List<Long>> lost3 = new ArrayList<>();
        RedisPresence p1 = presence(redis, "n1", lost1);
        RedisPresence p2 = presence(redis, "n2", new ArrayList<>());
        RedisPresence p3 = presence(redis, "n3", lost3);
        ClientInfo a = client("n1", "a", 8);
        ClientInfo b = client("n2", "b", 7);
        p1.joined(1, "room", a);
        p2.joined(1, "room", b);
        get(p2.userConnected(1, 7));
        get(p2.userConnected(1, 8));
        get(p1.userConnected(1, 8));
        eventually(2, () -> p3.counts(1, List.of("room")).thenApply(m -> m.get("room")));
        p2.halt();
        for (RedisPresence p : List.of(p1, p3)) {
            eventually(List.of(a), () -> p.members(1, "room"));
            eventually(Set.of(8L), () -> p.online(1, List.of(7L, 8L)));
            eventually(1, () -> p.onlineUserCount(1));
        }
        Eventually.until("users of n2 reported lost", () -> lostCount(lost1) + lostCount(lost3) > 0, () -> "none");
        Thread.sleep(TestRedisNode.FAILURE_TIMEOUT.toMillis() * 2); // further janitor rounds find nothing more
        List<List<Long>> all = new ArrayList<>();
        synchronized (lost1) {
            all.addAll(lost1);
        }
        synchronized (lost3) {
            all.addAll(lost3);
        }
        assertEquals(List.of(List.of(7L)), all, "user 7 reported once, on one node; user 8 is still on n1");
    }

    @Test
    void aDeadNodeIsReportedOnceOnOneNode() throws InterruptedException {
        RedisServer redis = fresh();
        List<String> dead = new ArrayList<>();
        List<RedisPresence> live = new ArrayList<>();
        for (String name : List.of("n1", "n3")) {
            RedisPresence presence = node(redis, name).presence();
            presence.start(new PresenceManager.Events() {
                @Override
                public void usersLost(int devId, List<Long> userIds) {
                }

                @Override
                public void nodesLost(List<String> nodes) {
                    synchronized (dead) {
                        dead.addAll(nodes);
                    }
                }
            });
            toClose.add(presence);
            live.add(presence);
        }
        RedisPresence p2 = presence(redis, "n2", new ArrayList<>());
        get(p2.userConnected(1, 5));
        eventually(Set.of(5L), () -> live.get(0).online(1, List.of(5L)));
        p2.halt();
        Eventually.until("n2 reported dead", () -> {
            synchronized (dead) {
                return !dead.isEmpty();
            }
        }, () -> "not yet");
        Thread.sleep(TestRedisNode.FAILURE_TIMEOUT.toMillis() * 2); // further janitor rounds find nothing more
        synchronized (dead) {
            assertEquals(List.of("n2"), dead, "once, on one node");
        }
    }

    @Test
    void aNodeRegistersAgainWhenRedisLostItsEntries() {
        RedisServer redis = fresh();
        RedisPresence p1 = presence(redis, "n1", new ArrayList<>());
        ClientInfo a = client("n1", "a", 5);
        p1.joined(1, "room", a);
        get(p1.userConnected(1, 5));
        eventually(List.of(a), () -> p1.members(1, "room"));
        redis.flushAll();
        eventually(List.of(a), () -> p1.members(1, "room"));
        eventually(Set.of(5L), () -> p1.online(1, List.of(5L)));
    }

    @Test
    void anOutageFailsPublishingAndSubscriptionsComeBackWithRedis() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        toClose.add(redis::close);
        BrokerNode a = broker(redis, "a");
        BrokerNode b = broker(redis, "b");
        get(b.broker.subscribe(1, "news"));
        get(b.broker.subscribeUser(1, 3));
        redis.stop();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> a.broker.publish(1,
                publication("news", "lost"), 0).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(BrokerUnavailableException.class, failed.getCause());
        ExecutionException kept = assertThrows(ExecutionException.class, () -> a.broker.publish(1,
                publication("news", "lost"), 10).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(BrokerUnavailableException.class, kept.getCause());
        ExecutionException control = assertThrows(ExecutionException.class, () -> a.broker.publishControl(
                new Control.DisconnectUser(1, 3, 4001, "x")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(BrokerUnavailableException.class, control.getCause());
        Eventually.until("a sees Redis down", () -> !a.broker.available(), () -> "available");
        // Lettuce restores what Redis acknowledged; a subscription asked for while down is the broker's to restore
        CompletableFuture<Void> during = b.broker.subscribe(1, "during");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> during.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(BrokerUnavailableException.class, refused.getCause());
        redis.restart();
        Eventually.until("both reconnected", () -> a.broker.available() && b.broker.available(),
                () -> a.broker.available() + "/" + b.broker.available());
        // the subscription is restored shortly after the reconnection: publish until one arrives
        Eventually.until("b subscribed again", () -> {
            a.broker.publish(1, publication("news", "back"), 0).exceptionally(e -> null);
            return !b.handler.publications("news").isEmpty();
        }, () -> "nothing arrived");
        assertEquals("back", b.handler.publications("news").get(0).data());
        Eventually.until("b subscribed to the channel asked for during the outage", () -> {
            a.broker.publish(1, publication("during", "later"), 0).exceptionally(e -> null);
            return !b.handler.publications("during").isEmpty();
        }, () -> "nothing arrived");
        UserMessage message = new UserMessage(3, "{}".getBytes(StandardCharsets.UTF_8), null, null);
        Eventually.until("user 3 reachable on b", () -> get(a.broker.publishToUser(1, message)) == 1, () -> 0);
    }

    /**
     * An outage of Redis longer than the failure timeout leaves every heartbeat old, yet no node died: the first node
     * back must not reap the others (their users would be reported lost: user_status_ offline while connected).
     */
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
            nodes.get(i).joined(1, "room", client("n" + (i + 1), "c" + i, 10 + i));
            get(nodes.get(i).userConnected(1, 10 + i));
        }
        awaitThreeEverywhere(nodes);

        redis.stop();
        Thread.sleep(TestRedisNode.FAILURE_TIMEOUT.toMillis() * 3); // every heartbeat is older than the timeout
        redis.restart();
        awaitThreeEverywhere(nodes);
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

    @Test
    void aNodeBackFromAnOutageTellsOnceWhoLeftAndWhoCameMeanwhile() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        toClose.add(redis::close);
        List<String> told = new ArrayList<>();
        RedisPresence p1 = node(redis, "n1").presence();
        p1.start(telling(told));
        toClose.add(p1);
        RedisPresence p2 = presence(redis, "n2", new ArrayList<>());
        get(p1.userConnected(1, 20)); // stays
        get(p1.userConnected(1, 21)); // leaves during the outage
        get(p1.userConnected(1, 23)); // leaves during the outage, but n2 holds him too
        get(p2.userConnected(1, 23));
        redis.stop();
        assertThrows(ExecutionException.class, () -> p1.userDisconnected(1, 21).get(WAIT.toMillis(),
                TimeUnit.MILLISECONDS));
        assertThrows(ExecutionException.class, () -> p1.userDisconnected(1, 23).get(WAIT.toMillis(),
                TimeUnit.MILLISECONDS));
        assertThrows(ExecutionException.class, () -> p1.userConnected(1, 22).get(WAIT.toMillis(),
                TimeUnit.MILLISECONDS));
        redis.restart();
        Eventually.until("n1 registered again", () -> {
            synchronized (told) {
                return told.size() == 2;
            }
        }, () -> told);
        Thread.sleep(TestRedisNode.FAILURE_TIMEOUT.toMillis() * 2); // further heartbeats tell nothing more
        synchronized (told) {
            assertEquals(Set.of("lost [21]", "found [22]"), Set.copyOf(told), told.toString());
            assertEquals(2, told.size(), told.toString());
        }
        assertEquals(Set.of(20L, 22L, 23L), get(p2.online(1, List.of(20L, 21L, 22L, 23L))));
    }

    /**
     * After an outage longer than failure_timeout every heartbeat is old: the node back first must not take a user
     * another node holds for gone (he would flap offline, then online when that node registers again).
     */
    @Test
    void theFirstNodeBackAfterALongOutageCountsTheOthersUsersHeld() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        toClose.add(redis::close);
        List<String> toldN1 = new ArrayList<>();
        List<String> toldN2 = new ArrayList<>();
        RedisPresence p1 = node(redis, "n1").presence();
        p1.start(telling(toldN1));
        toClose.add(p1);
        TestRedisNode n2 = node(redis, "n2");
        RedisPresence p2 = n2.presence();
        p2.start(telling(toldN2));
        toClose.add(p2);
        get(p1.userConnected(1, 30)); // on both nodes; his page on n1 closes during the outage
        get(p2.userConnected(1, 30));
        get(p1.userConnected(1, 31)); // on n1 throughout
        redis.stop();
        assertThrows(ExecutionException.class, () -> p1.userDisconnected(1, 30).get(WAIT.toMillis(),
                TimeUnit.MILLISECONDS));
        assertThrows(ExecutionException.class, () -> p1.userConnected(1, 32).get(WAIT.toMillis(),
                TimeUnit.MILLISECONDS)); // came during the outage: found when n1 is back
        CountDownLatch releaseN2 = new CountDownLatch(1);
        n2.timer.execute(() -> { // n2 neither beats nor registers again until released
            try {
                releaseN2.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(TestRedisNode.FAILURE_TIMEOUT.toMillis() * 2);
        redis.restart();
        Eventually.until("n1 registered again", () -> told(toldN1).contains("found [32]"), () -> told(toldN1));
        Thread.sleep(TestRedisNode.HEARTBEAT.toMillis() * 3); // its re-registration ends with dropping 30
        assertEquals(List.of("found [32]"), told(toldN1), "30 is still held by n2: not live yet, not dead either");
        releaseN2.countDown();
        Eventually.until("n2 live again", () -> get(p1.liveNodes()).contains("n2"), () -> "not live");
        Thread.sleep(TestRedisNode.HEARTBEAT.toMillis() * 3);
        assertEquals(List.of("found [32]"), told(toldN1), "n1 tells only who came meanwhile");
        assertEquals(List.of(), told(toldN2), "n2 held 30 throughout: nothing to tell");
        assertEquals(Set.of(30L, 31L, 32L), get(p2.online(1, List.of(30L, 31L, 32L))));
    }

    /**
     * A connection made again may reach a Redis without this node's last writes (a replica Sentinel promoted) though
     * none of them failed: the node registers its mirror again.
     */
    @Test
    void aNodeConnectedAgainRegistersWhatRedisNoLongerHas() throws InterruptedException {
        RedisServer redis = fresh();
        List<String> told = new ArrayList<>();
        TestRedisNode n1 = node(redis, "n1");
        RedisPresence p1 = n1.presence();
        p1.start(telling(told));
        toClose.add(p1);
        get(p1.userConnected(1, 40));
        redis.command("DEL " + RedisKeys.userNodes(1, 40));
        redis.command("SREM " + RedisKeys.onlineUsers(1) + " 40");
        assertEquals(Set.of(), get(p1.online(1, List.of(40L))));
        CountDownLatch release = new CountDownLatch(1);
        n1.timer.execute(() -> { // no heartbeat fails while the connection is made again
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String clients = connectedClients(redis);
        assertEquals(":1", redis.command("CLIENT KILL TYPE normal")); // this node's presence connection
        Eventually.until("connected again", () -> connectedClients(redis).equals(clients),
                () -> connectedClients(redis) + " clients, " + clients + " before");
        Thread.sleep(TestRedisNode.HEARTBEAT.toMillis());
        release.countDown();
        Eventually.until("registered again", () -> told(told).contains("found [40]"), () -> told(told));
        assertEquals(Set.of(40L), get(p1.online(1, List.of(40L))));
        assertEquals(List.of("found [40]"), told(told));
    }

    private static String connectedClients(RedisServer redis) {
        return redis.info("clients").lines().filter(l -> l.startsWith("connected_clients:")).findFirst().orElseThrow();
    }

    private static PresenceManager.Events telling(List<String> told) {
        return new PresenceManager.Events() {
            @Override
            public void usersLost(int devId, List<Long> userIds) {
                synchronized (told) {
                    told.add("lost " + userIds);
                }
            }

            @Override
            public void usersFound(int devId, List<Long> userIds) {
                synchronized (told) {
                    told.add("found " + userIds);
                }
            }
        };
    }

    private static List<String> told(List<String> told) {
        synchronized (told) {
            return List.copyOf(told);
        }
    }

    /** Every node counts the three members and users. */
    private static void awaitThreeEverywhere(List<RedisPresence> nodes) {
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

    @Test
    void aHungRedisFailsPublishingWithinThePublishTimeout() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        toClose.add(redis::close);
        BrokerNode a = broker(redis, "a");
        get(a.broker.subscribe(1, "news"));
        redis.freeze();
        try {
            for (int keep : new int[] {0, 10}) {
                CompletableFuture<Broker.Published> publish = a.broker.publish(1, publication("news", "stuck"), keep);
                // completes by itself (publish_timeout); the wait here only bounds a broken implementation
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> publish.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                assertInstanceOf(BrokerUnavailableException.class, failed.getCause());
            }
            assertEquals(List.of("stuck"), a.handler.publications("news").stream().map(Publication::data).toList(),
                    "without history this node's subscribers got it; the kept one was delivered nowhere");
        } finally {
            redis.thaw();
        }
        Eventually.until("publishing works again", () -> a.broker.publish(1, publication("news", "again"), 10)
                .handle((p, e) -> e == null).join(), () -> "failing");
    }

    private RedisPresence presence(RedisServer redis, String name, List<List<Long>> lost) {
        RedisPresence presence = node(redis, name).presence();
        presence.start((devId, userIds) -> {
            synchronized (lost) {
                lost.add(userIds);
            }
        });
        toClose.add(presence);
        return presence;
    }

    private static int lostCount(List<List<Long>> lost) {
        synchronized (lost) {
            return lost.size();
        }
    }

    private static ClientInfo client(String node, String id, long userId) {
        return new ClientInfo(node, id, userId, "uuid-" + id, "agent", "127.0.0.1", "https://site", "en");
    }

    private static Publication publication(String channel, String data) {
        return new Publication(UUID.randomUUID().toString(), channel, "ev", data, 1_700_000_000L,
                Publication.NO_SENDER, null);
    }

    private static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static <T> void eventually(T expected, Supplier<CompletableFuture<T>> read) {
        AtomicReference<T> last = new AtomicReference<>();
        Eventually.until("expected " + expected, () -> expected.equals(last.updateAndGet(x -> get(read.get()))),
                last::get);
    }
}
