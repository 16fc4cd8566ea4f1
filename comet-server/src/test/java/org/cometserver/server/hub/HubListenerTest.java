package org.cometserver.server.hub;

import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link LocalHub} tells its {@link HubListener}. */
class HubListenerTest {
    /** Records every event as text. */
    private static class Recorder implements HubListener {
        final List<String> events = new ArrayList<>();
        private final boolean membership;

        Recorder(boolean membership) {
            this.membership = membership;
        }

        @Override
        public synchronized void channelOccupied(Hub hub, int devId, String channel) {
            events.add("occupied " + devId + "/" + channel);
        }

        @Override
        public synchronized void channelVacated(Hub hub, int devId, String channel) {
            events.add("vacated " + devId + "/" + channel);
        }

        @Override
        public synchronized void userArrived(Hub hub, int devId, long userId) {
            events.add("arrived " + devId + "/" + userId);
        }

        @Override
        public synchronized void userDeparted(Hub hub, int devId, long userId) {
            events.add("departed " + devId + "/" + userId);
        }

        @Override
        public boolean wantsMembership() {
            return membership;
        }

        @Override
        public synchronized void joined(Hub hub, int devId, String channel, Transport transport) {
            events.add("joined " + devId + "/" + channel + " " + transport.uuid());
        }

        @Override
        public synchronized void left(Hub hub, int devId, String channel, Transport transport) {
            events.add("left " + devId + "/" + channel + " " + transport.uuid());
        }
    }

    @Test
    void aChannelIsOccupiedByItsFirstSubscriberAndVacatedByItsLast() {
        Recorder recorder = new Recorder(false);
        LocalHub hub = new LocalHub(recorder);
        RecordingTransport a = new RecordingTransport(0, "a");
        RecordingTransport b = new RecordingTransport(0, "b");
        RecordingTransport other = new RecordingTransport(0, "o");
        hub.connect(1, a);
        hub.connect(1, b);
        hub.connect(2, other);
        hub.subscribe(a, "web_chat");
        hub.subscribe(b, "web_chat");
        hub.subscribe(a, "web_chat"); // already: nothing
        hub.subscribe(other, "web_chat");
        hub.unsubscribe(a, "web_chat");
        hub.unsubscribe(a, "web_chat"); // not any more: nothing
        hub.disconnect(b);
        hub.disconnect(other);
        assertEquals(List.of("occupied 1/web_chat", "occupied 2/web_chat", "vacated 1/web_chat",
                "vacated 2/web_chat"), recorder.events, "no joins or leaves unless asked for");
    }

    @Test
    void joinsAndLeavesAreToldWhenAskedFor() {
        Recorder recorder = new Recorder(true);
        LocalHub hub = new LocalHub(recorder);
        RecordingTransport a = new RecordingTransport(7, "a");
        RecordingTransport b = new RecordingTransport(0, "b");
        hub.connect(1, a);
        hub.connect(1, b);
        hub.subscribe(a, "track_room");
        hub.subscribe(b, "track_room");
        hub.unsubscribe(b, "track_room");
        hub.disconnect(a);
        assertEquals(List.of("arrived 1/7", "occupied 1/track_room", "joined 1/track_room a", "joined 1/track_room b",
                "left 1/track_room b", "left 1/track_room a", "vacated 1/track_room", "departed 1/7"),
                recorder.events);
    }

    @Test
    void aUserArrivesWithHisFirstConnectionAndDepartsWithHisLast() {
        Recorder recorder = new Recorder(false);
        LocalHub hub = new LocalHub(recorder);
        RecordingTransport phone = new RecordingTransport(4, "phone");
        RecordingTransport laptop = new RecordingTransport(4, "laptop");
        hub.connect(1, phone);
        hub.connect(1, laptop);
        hub.connect(1, new RecordingTransport()); // anonymous: no user
        hub.disconnect(phone);
        hub.disconnect(laptop);
        hub.disconnect(laptop); // again: nothing
        assertEquals(List.of("arrived 1/4", "departed 1/4"), recorder.events);
    }

    /**
     * One connection leaves the channel while another joins it, over and over: the listener's events alternate
     * (never two occupied in a row) and always end as the channel is, so a node never stays unsubscribed from a
     * channel it has a subscriber of.
     */
    @Test
    void racingUnsubscribeAndSubscribeEndAsTheChannelIs() throws Exception {
        AtomicInteger occupied = new AtomicInteger();
        List<String> violations = new ArrayList<>();
        LocalHub hub = new LocalHub(new HubListener() {
            @Override
            public void channelOccupied(Hub h, int devId, String channel) {
                if (!occupied.compareAndSet(0, 1)) {
                    synchronized (violations) {
                        violations.add("occupied twice");
                    }
                }
            }

            @Override
            public void channelVacated(Hub h, int devId, String channel) {
                if (!occupied.compareAndSet(1, 0)) {
                    synchronized (violations) {
                        violations.add("vacated twice");
                    }
                }
            }
        });
        RecordingTransport leaving = new RecordingTransport(0, "leaving");
        RecordingTransport joining = new RecordingTransport(0, "joining");
        hub.connect(1, leaving);
        hub.connect(1, joining);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2000; round++) {
                hub.subscribe(leaving, "c");
                CountDownLatch start = new CountDownLatch(1);
                Future<?> unsubscribe = threads.submit(() -> {
                    start.await();
                    return hub.unsubscribe(leaving, "c");
                });
                Future<?> subscribe = threads.submit(() -> {
                    start.await();
                    return hub.subscribe(joining, "c");
                });
                start.countDown();
                unsubscribe.get(10, TimeUnit.SECONDS);
                subscribe.get(10, TimeUnit.SECONDS);
                assertEquals(1, hub.subscriberCount(1, "c"), "round " + round);
                assertEquals(1, occupied.get(), "round " + round + ": the listener last heard the channel occupied");
                hub.unsubscribe(joining, "c");
                assertEquals(0, occupied.get(), "round " + round);
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(violations.isEmpty(), violations.toString());
    }
}
