package org.cometserver.server.hub;

import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalHubTest {
    private final List<String> presence = new ArrayList<>();
    private final LocalHub hub = new LocalHub(new HubListener() {
        @Override
        public void userArrived(Hub h, int devId, long userId) {
            presence.add("online " + devId + "/" + userId);
        }

        @Override
        public void userDeparted(Hub h, int devId, long userId) {
            presence.add("offline " + devId + "/" + userId);
        }
    });

    @Test
    void publishHandsTheSameBytesToEverySubscriberOfThatDevOnly() {
        RecordingTransport a = connected(1, new RecordingTransport());
        RecordingTransport b = connected(1, new RecordingTransport(5, "u5"));
        RecordingTransport otherDev = connected(2, new RecordingTransport());
        hub.subscribe(a, "web_chat");
        hub.subscribe(b, "web_chat");
        hub.subscribe(otherDev, "web_chat");
        EncodedFrame frame = CometFrames.channelMessage("web_chat", "ev", "hello", 1_700_000_000L);

        assertEquals(2, hub.publish(1, "web_chat", frame));
        assertSame(frame, a.frames().get(0));
        assertSame(frame, b.frames().get(0));
        assertEquals(List.of(), otherDev.frames());
        assertEquals(1, hub.publish(1, "web_chat", frame, a), "sender skipped");
        assertEquals(0, hub.publish(1, "nobody", frame));
    }

    @Test
    void eachPublicationReachesTheSubscribersOfThatMoment() {
        RecordingTransport a = connected(0, new RecordingTransport());
        RecordingTransport b = connected(0, new RecordingTransport());
        RecordingTransport c = connected(0, new RecordingTransport());
        hub.subscribe(a, "room");
        assertEquals(1, hub.publish(0, "room", CometFrames.privateMessage("e", "1")));
        hub.subscribe(b, "room");
        hub.subscribe(c, "room");
        assertEquals(3, hub.publish(0, "room", CometFrames.privateMessage("e", "2")));
        assertEquals(2, hub.publish(0, "room", CometFrames.privateMessage("e", "3"), b), "the sender skipped");
        hub.unsubscribe(a, "room");
        hub.disconnect(c);
        assertEquals(1, hub.publish(0, "room", CometFrames.privateMessage("e", "4")));
        hub.subscribe(a, "room");
        assertEquals(2, hub.publish(0, "room", CometFrames.privateMessage("e", "5")));

        assertEquals(List.of("1", "2", "3", "5"), data(a));
        assertEquals(List.of("2", "4", "5"), data(b));
        assertEquals(List.of("2", "3"), data(c));
    }

    @Test
    void differentDeliveryGroupsEachGetTheirMembersOnce() {
        List<String> calls = new ArrayList<>();
        DeliveryGroup loopA = (frame, members) -> {
            calls.add("A" + members.size());
            return DeliveryGroup.DIRECT.deliver(frame, members);
        };
        DeliveryGroup loopB = (frame, members) -> {
            calls.add("B" + members.size());
            return DeliveryGroup.DIRECT.deliver(frame, members);
        };
        List<RecordingTransport> inA = List.of(grouped(loopA), grouped(loopA), grouped(loopA));
        RecordingTransport inB = grouped(loopB);
        inA.forEach(t -> hub.subscribe(t, "room"));
        hub.subscribe(inB, "room");

        assertEquals(4, hub.publish(0, "room", CometFrames.privateMessage("e", "m")));
        assertEquals(List.of("A3", "B1"), calls.stream().sorted().toList());
        calls.clear();
        assertEquals(3, hub.publish(0, "room", CometFrames.privateMessage("e", "m"), inB), "B's only member skipped");
        assertEquals(List.of("A3"), calls);
        calls.clear();
        assertEquals(3, hub.publish(0, "room", CometFrames.privateMessage("e", "m"), inA.get(1)));
        assertEquals(List.of("A2", "B1"), calls.stream().sorted().toList());
        assertEquals(3, inA.get(0).frames().size());
        assertEquals(2, inA.get(1).frames().size());
        assertEquals(2, inB.frames().size());
    }

    @Test
    void refusedWritesAreNotCounted() {
        RecordingTransport slow = connected(0, new RecordingTransport());
        hub.subscribe(slow, "chan");
        slow.refuseWrites();
        assertEquals(0, hub.publish(0, "chan", CometFrames.privateMessage("e", "m")));
    }

    @Test
    void subscriptionAndChannelTotalsFollowSubscribeUnsubscribeAndDisconnect() {
        RecordingTransport a = connected(0, new RecordingTransport());
        RecordingTransport b = connected(1, new RecordingTransport());
        hub.subscribe(a, "x");
        hub.subscribe(a, "x");
        hub.subscribe(a, "y");
        hub.subscribe(b, "x");
        assertEquals(3, hub.subscriptionCount());
        assertEquals(3, hub.channelCount(), "x of dev 0, y of dev 0, x of dev 1");
        hub.unsubscribe(a, "x");
        hub.unsubscribe(a, "x");
        assertEquals(2, hub.subscriptionCount());
        assertEquals(2, hub.channelCount());
        hub.disconnect(a);
        hub.disconnect(b);
        assertEquals(0, hub.subscriptionCount());
        assertEquals(0, hub.channelCount());
    }

    @Test
    void subscriptionsAndCounts() {
        RecordingTransport a = connected(0, new RecordingTransport(1, "a"));
        RecordingTransport b = connected(0, new RecordingTransport());
        assertTrue(hub.subscribe(a, "x"));
        assertFalse(hub.subscribe(a, "x"));
        hub.subscribe(a, "y");
        hub.subscribe(b, "x");
        assertEquals(2, hub.subscriberCount(0, "x"));
        assertEquals(Map.of("x", 2, "y", 1), hub.subscriberCounts(0, 10));
        assertEquals(1, hub.subscriberCounts(0, 1).size());
        assertEquals(List.of("x", "y"), hub.subscriptions(a).stream().sorted().toList());
        assertTrue(hub.unsubscribe(a, "x"));
        assertFalse(hub.unsubscribe(a, "x"));
        assertEquals(List.of(b), hub.subscribers(0, "x"));

        hub.disconnect(b);
        assertEquals(0, hub.subscriberCount(0, "x"));
        assertEquals(Map.of("y", 1), hub.subscriberCounts(0, 10));
        assertThrows(IllegalStateException.class, () -> hub.subscribe(b, "x"));
    }

    @Test
    void usersHaveAtMostSixteenConnectionsAndPresenceEvents() {
        List<RecordingTransport> devices = new ArrayList<>();
        for (int i = 0; i < Hub.MAX_CONNECTIONS_PER_USER; i++) {
            devices.add(connected(3, new RecordingTransport(42, "d" + i)));
        }
        assertFalse(hub.connect(3, new RecordingTransport(42, "17th")));
        assertEquals(List.of("online 3/42"), presence);
        assertTrue(hub.isOnline(3, 42));
        assertFalse(hub.isOnline(4, 42));
        assertEquals(1, hub.onlineUserCount(3));
        assertEquals(16, hub.connectionCount(3));

        assertEquals(16, hub.sendToUser(3, 42, CometFrames.privateMessage("ev", "hi")));
        assertEquals("{\"data\":\"hi\",\"event\":\"ev\",\"pipe\":\"msg\"}", devices.get(15).texts().get(0));

        devices.subList(1, 16).forEach(hub::disconnect);
        assertEquals(List.of("online 3/42"), presence, "offline only after the last connection");
        assertEquals(1, hub.disconnectUser(3, 42, Disconnect.AUTH_REVOKED));
        assertEquals(Disconnect.AUTH_REVOKED, devices.get(0).closedWith());
        assertEquals(List.of("online 3/42", "offline 3/42"), presence);
        assertFalse(hub.isOnline(3, 42));
        assertEquals(0, hub.connectionCount());
        assertEquals(16, hub.connectsTotal());
        assertEquals(16, hub.disconnectsTotal());
    }

    @Test
    void anonymousConnectionsAreNotUsers() {
        RecordingTransport anonymous = connected(0, new RecordingTransport());
        assertEquals(0, hub.onlineUserCount(0));
        assertEquals(1, hub.connectionCount(0));
        hub.disconnect(anonymous);
        hub.disconnect(anonymous);
        assertEquals(List.of(), presence);
        assertEquals(0, hub.connectionCount(0));
    }

    @Test
    void closeAllClosesEveryConnection() {
        RecordingTransport a = connected(0, new RecordingTransport(1, "a"));
        RecordingTransport b = connected(9, new RecordingTransport());
        hub.subscribe(b, "chan");
        hub.closeAll(Disconnect.SHUTDOWN);
        assertEquals(Disconnect.SHUTDOWN, a.closedWith());
        assertEquals(Disconnect.SHUTDOWN, b.closedWith());
        assertEquals(0, hub.connectionCount());
        assertEquals(0, hub.subscriberCount(9, "chan"));
    }

    @Test
    void concurrentSubscribeAndUnsubscribeLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean churning = new AtomicBoolean(true);
        // publishing all along: a publication's view of the members must not outlive the changes it raced with
        pool.execute(() -> {
            while (churning.get()) {
                hub.publish(0, "busy", CometFrames.privateMessage("e", "during"));
            }
        });
        List<RecordingTransport> kept = new ArrayList<>();
        List<Future<?>> churns = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RecordingTransport stays = connected(0, new RecordingTransport());
            kept.add(stays);
            churns.add(pool.submit(() -> {
                hub.subscribe(stays, "busy");
                for (int i = 0; i < perThread; i++) {
                    RecordingTransport churn = connected(0, new RecordingTransport());
                    hub.subscribe(churn, "busy");
                    hub.disconnect(churn);
                }
            }));
        }
        for (Future<?> churn : churns) {
            churn.get(30, TimeUnit.SECONDS);
        }
        churning.set(false);
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(threads, hub.subscriberCount(0, "busy"));
        assertEquals(threads, hub.subscriptionCount(), "the O(1) total agrees with the sets");
        assertEquals(1, hub.channelCount());
        assertEquals(threads, hub.publish(0, "busy", CometFrames.privateMessage("e", "m")));
        kept.forEach(t -> assertNull(t.closedWith()));
    }

    @Test
    void oneConnectionsChannelsChangedFromSeveralThreadsAtOnceLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 100;
        RecordingTransport a = connected(0, new RecordingTransport());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            pool.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    assertTrue(hub.subscribe(a, prefix + i));
                }
                for (int i = 1; i < perThread; i += 2) {
                    assertTrue(hub.unsubscribe(a, prefix + i));
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i += 2) {
                expected.add("t" + t + "-" + i);
            }
        }
        assertEquals(expected.stream().sorted().toList(), hub.subscriptions(a).stream().sorted().toList());
        assertEquals(expected.size(), hub.subscriptionCount());
        assertEquals(List.of(a), hub.subscribers(0, "t3-98"));
        hub.disconnect(a);
        assertEquals(0, hub.channelCount());
        assertEquals(List.of(), hub.subscriptions(a));
    }

    private RecordingTransport grouped(DeliveryGroup group) {
        return connected(0, new RecordingTransport(group));
    }

    private static List<String> data(RecordingTransport transport) {
        return transport.texts().stream().map(t -> t.replaceAll(".*\"data\":\"([^\"]*)\".*", "$1")).toList();
    }

    private RecordingTransport connected(int devId, RecordingTransport transport) {
        assertTrue(hub.connect(devId, transport));
        return transport;
    }
}
