package org.cometserver.server.broker;

import org.cometserver.server.hub.EncodedFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Broker} does on one node, as centrifuge's broker tests check its memory and Redis brokers alike.
 * Subclasses give a fresh broker over empty state; behaviour between nodes is tested where there are several.
 */
public abstract class BrokerContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected Broker broker;
    protected RecordingHandler handler;

    /** A broker over empty state (fresh history, no subscriptions), not yet started. */
    protected abstract Broker newBroker();

    @BeforeEach
    void startBroker() {
        broker = newBroker();
        handler = new RecordingHandler();
        broker.start(handler);
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    protected static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected static Publication publication(String channel, String data) {
        return new Publication(UUID.randomUUID().toString(), channel, "ev", data, 1_700_000_000L,
                Publication.NO_SENDER, null);
    }

    @Test
    void publicationWithoutHistoryReachesSubscribedNodeWithoutPosition() throws InterruptedException {
        get(broker.subscribe(1, "news"));
        Broker.Published published = get(broker.publish(1, publication("news", "hello"), 0));
        assertNull(published.publication().position());
        assertEquals(1, published.localReceivers());
        List<Publication> got = handler.publications("news");
        assertEquals(1, got.size());
        assertEquals("hello", got.get(0).data());
        assertNull(got.get(0).position());
        assertEquals(List.of(), get(broker.history(1, List.of("news"), 10)), "nothing kept without keep");
    }

    @Test
    void everyFieldSurvivesTheTrip() {
        get(broker.subscribe(3, "web_chat"));
        String text = "naïve \"quoted\" \\ back\nslash ✓ " + "x".repeat(60_000);
        Publication sent = new Publication(UUID.randomUUID().toString(), "web_chat", "", text, 1_700_000_123L, 0,
                null);
        Publication delivered = get(broker.publish(3, sent, 5)).publication();
        Publication arrived = handler.publications("web_chat").get(0);
        assertEquals(delivered, arrived);
        assertEquals(sent.withPosition(arrived.position()), arrived);
        assertEquals(0, arrived.senderId(), "anonymous sender 0 is not NO_SENDER");
        Publication kept = get(broker.history(3, "web_chat", null, 10)).publications().get(0);
        assertEquals(arrived, kept);
    }

    @Test
    void keptPublicationsGetContiguousOffsetsInOneEpochAndAreTrimmed() {
        get(broker.subscribe(1, "feed"));
        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            positions.add(get(broker.publish(1, publication("feed", "m" + i), 5)).publication().position());
        }
        String epoch = positions.get(0).epoch();
        for (int i = 0; i < 7; i++) {
            assertEquals(i + 1, positions.get(i).offset());
            assertEquals(epoch, positions.get(i).epoch());
        }
        HistoryPage page = get(broker.history(1, "feed", null, 100));
        assertEquals(List.of("m3", "m4", "m5", "m6", "m7"), page.publications().stream().map(Publication::data)
                .toList(), "trimmed to the newest keep");
        assertEquals(new StreamPosition(7, epoch), page.top());
        assertTrue(page.recovered());
        assertEquals(List.of("m6", "m7"), get(broker.history(1, "feed", null, 2)).publications().stream()
                .map(Publication::data).toList(), "the newest limit");
    }

    @Test
    void historyFromAPositionRecoversWhatFollowsIt() {
        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            positions.add(get(broker.publish(1, publication("room", "m" + i), 10)).publication().position());
        }
        String epoch = positions.get(0).epoch();
        HistoryPage missed = get(broker.history(1, "room", new StreamPosition(2, epoch), 100));
        assertTrue(missed.recovered());
        assertEquals(List.of(3L, 4L, 5L, 6L), missed.publications().stream().map(p -> p.position().offset())
                .toList());
        HistoryPage upToDate = get(broker.history(1, "room", new StreamPosition(6, epoch), 100));
        assertTrue(upToDate.recovered());
        assertEquals(List.of(), upToDate.publications());
        HistoryPage limited = get(broker.history(1, "room", new StreamPosition(0, epoch), 2));
        assertEquals(List.of(1L, 2L), limited.publications().stream().map(p -> p.position().offset()).toList(),
                "the oldest after the position, so the client can ask again from the last");
        assertFalse(get(broker.history(1, "room", new StreamPosition(2, "another-epoch"), 100)).recovered(),
                "another epoch is another history");
    }

    @Test
    void aGapLongerThanTheHistoryIsNotRecovered() {
        StreamPosition first = get(broker.publish(1, publication("short", "m1"), 3)).publication().position();
        for (int i = 2; i <= 10; i++) {
            get(broker.publish(1, publication("short", "m" + i), 3));
        }
        HistoryPage page = get(broker.history(1, "short", first, 100));
        assertFalse(page.recovered(), "m2..m7 were trimmed away");
        assertEquals(List.of("m8", "m9", "m10"), page.publications().stream().map(Publication::data).toList());
        assertEquals(10, page.top().offset());
    }

    @Test
    void removingHistoryStartsANewEpoch() {
        StreamPosition old = get(broker.publish(1, publication("gone", "a"), 10)).publication().position();
        get(broker.publish(1, publication("gone", "b"), 10));
        assertEquals(2, get(broker.removeHistory(1, List.of("gone", "never-used"))));
        assertEquals(List.of(), get(broker.history(1, List.of("gone"), 10)));
        StreamPosition fresh = get(broker.publish(1, publication("gone", "c"), 10)).publication().position();
        assertNotEquals(old.epoch(), fresh.epoch());
        assertEquals(1, fresh.offset());
        assertFalse(get(broker.history(1, "gone", old, 100)).recovered());
    }

    @Test
    void removingOnePublicationStartsANewEpochOfItsChannel() {
        Publication a = get(broker.publish(1, publication("ids", "a"), 10)).publication();
        get(broker.publish(1, publication("ids", "b"), 10));
        assertEquals(1, get(broker.removePublications(1, List.of(a.id(), "no-such-id"))));
        List<Publication> left = get(broker.history(1, List.of("ids"), 10));
        assertEquals(List.of("b"), left.stream().map(Publication::data).toList());
        assertFalse(get(broker.history(1, "ids", a.position(), 100)).recovered());
        assertEquals(0, get(broker.removePublications(1, List.of(a.id()))));
    }

    @Test
    void historyOfSeveralChannelsAndOfAllKeepsChannelsAndDevsApart() {
        get(broker.publish(1, publication("a", "a1"), 10));
        get(broker.publish(1, publication("b", "b1"), 10));
        get(broker.publish(1, publication("a", "a2"), 10));
        get(broker.publish(2, publication("a", "other dev"), 10));
        List<Publication> both = get(broker.history(1, List.of("b", "a"), 10));
        assertEquals(List.of("b1", "a1", "a2"), both.stream().map(Publication::data).toList(),
                "channels in the order given, each oldest first");
        assertEquals(List.of("a2"), get(broker.history(1, List.of("a"), 1)).stream().map(Publication::data)
                .toList());
        assertEquals(3, get(broker.allHistory(1, 100)).size());
        assertEquals(2, get(broker.allHistory(1, 2)).size());
        assertEquals(List.of("other dev"), get(broker.allHistory(2, 100)).stream().map(Publication::data).toList());
        assertEquals(1, get(broker.history(2, "a", null, 10)).top().offset(), "offsets are per dev_id and channel");
    }

    @Test
    void aChannelNeverPublishedHasAnEmptyHistoryAtOffsetZero() {
        HistoryPage page = get(broker.history(1, "silent", null, 10));
        assertEquals(List.of(), page.publications());
        assertEquals(0, page.top().offset());
        assertNotNull(page.top().epoch());
    }

    @Test
    void concurrentPublishersGetDistinctOffsetsAndSubscribersSeeThemInOrder() throws InterruptedException {
        get(broker.subscribe(1, "busy"));
        int each = 100;
        List<CompletableFuture<Broker.Published>> all = new ArrayList<>();
        List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
            for (int i = 0; i < each; i++) {
                CompletableFuture<Broker.Published> f = broker.publish(1, publication("busy", t + ":" + i), 1000);
                synchronized (all) {
                    all.add(f);
                }
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        all.forEach(BrokerContract::get);
        handler.await(a -> a.channel().equals("busy"), 4 * each, WAIT);
        List<Long> offsets = handler.publications("busy").stream().map(p -> p.position().offset()).toList();
        assertEquals(LongStreamOf(4 * each), offsets, "every publication once, in offset order");
    }

    private static List<Long> LongStreamOf(int n) {
        return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
    }

    /**
     * A page reconnecting to the same node: the channel's last subscriber leaves and a new one comes, neither change
     * awaited, then its recover (or pipe_log) reads the history; a publication after that read must reach the node.
     */
    @Test
    void aPublicationAfterAHistoryReadReachesTheNodeThatResubscribedBeforeIt() throws InterruptedException {
        get(broker.subscribe(1, "again"));
        for (int round = 0; round < 20; round++) {
            broker.unsubscribe(1, "again");
            broker.subscribe(1, "again");
            if (round % 2 == 0) { // a recover
                assertEquals(round, get(broker.history(1, "again", null, 10)).top().offset());
            } else { // a pipe_log
                assertEquals(round, get(broker.history(1, List.of("again"), 100)).size());
            }
            get(broker.publish(1, publication("again", "after read " + round), 100));
            handler.await(a -> a.channel().equals("again"), round + 1, WAIT);
        }
        assertEquals(20, handler.publications("again").size());
    }

    @Test
    void framesReachSubscribersAndAreNeverKept() throws InterruptedException {
        get(broker.subscribe(1, "track_x"));
        byte[] bytes = "{\"event\":\"subscription\",\"pipe\":\"track_x\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, get(broker.publishFrame(1, "track_x", EncodedFrame.ofUtf8(bytes))));
        handler.await(a -> a.channel().equals("track_x"), 1, WAIT);
        assertEquals(new String(bytes, StandardCharsets.UTF_8), handler.arrivals().get(0).what());
        assertEquals(List.of(), get(broker.history(1, List.of("track_x"), 10)));
    }

    @Test
    void userMessagesReachTheUsersNodeAndReportNobodyOtherwise() throws InterruptedException {
        UserMessage message = new UserMessage(42, "{\"pipe\":\"msg\"}".getBytes(StandardCharsets.UTF_8), "ev",
                "text");
        assertEquals(0, get(broker.publishToUser(1, message)), "no node holds user 42: the caller queues");
        get(broker.subscribeUser(1, 42));
        assertTrue(get(broker.publishToUser(1, message)) >= 1);
        handler.await(a -> a.channel().equals("user:42"), 1, WAIT);
        UserMessage arrived = (UserMessage) handler.await(a -> a.channel().equals("user:42"), 1, WAIT).get(0)
                .what();
        assertEquals("text", arrived.queuedText());
        assertEquals("ev", arrived.event());
        get(broker.unsubscribeUser(1, 42));
        assertEquals(0, get(broker.publishToUser(1, message)));
    }

    @Test
    void controlsReachThisNode() throws InterruptedException {
        get(broker.publishControl(new Control.DisconnectUser(1, 7, 4001, "authorization revoked")));
        get(broker.publishControl(new Control.PipeSettingsChanged(1, List.of("a", "b"))));
        get(broker.publishControl(new Control.QueueChanged(2, 9)));
        get(broker.publishControl(new Control.PhoneInRoom(0, "uuid-1", 62, "sofia/gateway/gw/+4930888")));
        List<RecordingHandler.Arrival> got = handler.await(a -> a.channel().equals("control"), 4, WAIT);
        assertEquals(new Control.DisconnectUser(1, 7, 4001, "authorization revoked"), got.get(0).what());
        assertEquals(new Control.PipeSettingsChanged(1, List.of("a", "b")), got.get(1).what());
        assertEquals(new Control.QueueChanged(2, 9), got.get(2).what());
        assertEquals(new Control.PhoneInRoom(0, "uuid-1", 62, "sofia/gateway/gw/+4930888"), got.get(3).what());
    }

    @Test
    void aControlAddressedToThisNodeReachesIt() throws InterruptedException {
        Control control = new Control.CallFrame(1, "this", "c-1", "{}");
        get(broker.publishControl(nodeName(), control));
        List<RecordingHandler.Arrival> got = handler.await(a -> a.channel().equals("control"), 1, WAIT);
        assertEquals(List.of(control), got.stream().map(RecordingHandler.Arrival::what).toList());
    }

    /** The name of the node {@link #newBroker()} runs as. */
    protected String nodeName() {
        return "n1";
    }

    /** The P2P call controls (docs/CALLS.md "Several nodes"), each as published. */
    public static List<Control> callControls() {
        return List.of(new Control.CallSession(1, "s-1", "n1", true),
                new Control.CallSession(1, "s-1", "n1", false),
                new Control.CallSignal(1, "n1", "n2", "c-7", 7, "{\"signalType\":\"accept\",\"to\":3,\"sdp\":\"é\"}"),
                new Control.CallSignal(2, "n1", "n2", "", 8, "{}"),
                new Control.CallDisconnected(0, "n1", "n2", "c-7"),
                new Control.CallFrame(1, "n2", "c-7", "{\"data\":{},\"pipe\":\"_calls\"}"),
                new Control.CallUserFrame(1, 7, "n2", "c-7", "{\"event\":\"accept\"}"),
                new Control.NodeLost(0, "n3"),
                new Control.CallQuery(1, "n1", "n2", 42, "s-1", false, null),
                new Control.CallQuery(1, "n1", "n2", 43, "s-1", true, List.of(7L, 8L)),
                new Control.CallAnswer(1, "n2", 43, "[{\"sessionId\":\"s-1\"}]", 2),
                new Control.CallScan(1, "n1", "n2", 44, List.of(7L), 100),
                new Control.CallScan(1, "n1", "n2", 45, null, 2000),
                new Control.CallReject(1, "n1", "n2", 46, 8, "{\"signalType\":\"reject\"}"),
                new Control.CallVerdict(1, "n2", 46, "REFUSED", "The call has ended"),
                new Control.CallVerdict(1, "n2", 47, "", ""));
    }

    @Test
    void callControlsReachThisNodeAsPublished() throws InterruptedException {
        List<Control> controls = callControls();
        for (Control control : controls) {
            get(broker.publishControl(control));
        }
        List<RecordingHandler.Arrival> got = handler.await(a -> a.channel().equals("control"), controls.size(), WAIT);
        assertEquals(controls, got.stream().map(RecordingHandler.Arrival::what).toList());
    }

    @Test
    void aSingleWorkingBrokerIsAvailable() {
        assertTrue(broker.available());
    }
}
