package org.cometserver.server.wiring;

import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.local.LocalBroker;
import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node's hub and presence events reaching the broker, presence and {@link PresenceRecorder}. */
class NodeEventsTest {
    private static final String ONLINE = "{\"data\":\"online\",\"event\":\"online\",\"pipe\":\"user_status_4\"}";
    private static final String OFFLINE = "{\"data\":\"offline\",\"event\":\"offline\",\"pipe\":\"user_status_4\"}";

    @TempDir
    Path dir;

    /** What the broker and presence were asked, as "method arg arg…". */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** What presence answers to userConnected and userDisconnected: false when another node holds the user. */
    private volatile boolean alone = true;

    /** {@code broker}, recording the subscriptions it is asked for. */
    private Broker recording(Broker broker) {
        return (Broker) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Broker.class},
                (proxy, method, args) -> {
                    if (method.getName().matches("(un)?subscribe(User)?")) {
                        calls.add(describe(method.getName(), args));
                    }
                    try {
                        return method.invoke(broker, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A recorder publishing through {@code publisher} (start it with the hub: {@link #started}). */
    private static PresenceRecorder recorder(WiringFixture fixture, Publisher publisher) {
        return new PresenceRecorder(fixture.config.main(), fixture.store.onlineTimes(), Runnable::run, fixture.clock,
                publisher);
    }

    private static LocalHub started(LocalHub hub, Publisher publisher, WiringFixture fixture) {
        CometQlWiring.startBroker(publisher, hub, fixture.store, Runnable::run);
        return hub;
    }

    /** The hub's own presence, but answering {@link #alone} and recording what it is told. */
    private PresenceManager presence(LocalPresence local) {
        return (PresenceManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{PresenceManager.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "userConnected", "userDisconnected", "joined", "left" -> {
                        calls.add(describe(method.getName(), args));
                        yield method.getName().startsWith("user") ? CompletableFuture.completedFuture(alone) : null;
                    }
                    default -> {
                        try {
                            yield method.invoke(local, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    private static String describe(String method, Object[] args) {
        return method + (args == null ? "" : " " + Arrays.stream(args).map(String::valueOf)
                .collect(Collectors.joining(" ")));
    }

    /** A hub wired as the server wires it, with the recording broker and presence. */
    private LocalHub hub(WiringFixture fixture, boolean membership) {
        Broker broker = recording(new LocalBroker(fixture.store.history(), Runnable::run));
        Publisher publisher = fixture.newPublisher(broker);
        NodeEvents events = new NodeEvents(recorder(fixture, publisher), "n1", membership, fixture.clock);
        LocalHub hub = new LocalHub(events);
        events.bind(hub, presence(new LocalPresence("n1", hub)), broker);
        return started(hub, publisher, fixture);
    }

    @Test
    void firstAndLastSubscribersAndConnectionsReachTheBrokerAndPresence() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            LocalHub hub = hub(fixture, false);
            RecordingTransport watcher = new RecordingTransport();
            hub.connect(0, watcher);
            hub.subscribe(watcher, "user_status_4");
            RecordingTransport phone = new RecordingTransport(4, "phone");
            RecordingTransport laptop = new RecordingTransport(4, "laptop");
            hub.connect(0, phone);
            hub.connect(0, laptop);
            hub.subscribe(phone, "web_chat");
            hub.subscribe(laptop, "web_chat");
            assertEquals(Map.of(4L, 0L), fixture.store.onlineTimes().get(0, List.of(4L)));
            hub.disconnect(phone);
            hub.disconnect(laptop);
            hub.disconnect(watcher);
            assertEquals(List.of("subscribe 0 user_status_4", "subscribeUser 0 4", "userConnected 0 4",
                    "subscribe 0 web_chat", "unsubscribe 0 web_chat", "unsubscribeUser 0 4", "userDisconnected 0 4",
                    "unsubscribe 0 user_status_4"), calls, "no joins nor leaves for a presence that reads the hub");
            assertEquals(List.of(ONLINE, OFFLINE), watcher.texts());
            assertEquals(Map.of(4L, WiringFixture.NOW), fixture.store.onlineTimes().get(0, List.of(4L)));
        }
    }

    @Test
    void aUserAnotherNodeHoldsNeitherComesOnlineNorGoesOfflineHere() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            alone = false;
            LocalHub hub = hub(fixture, false);
            RecordingTransport watcher = new RecordingTransport();
            hub.connect(0, watcher);
            hub.subscribe(watcher, "user_status_4");
            RecordingTransport user = new RecordingTransport(4, "u");
            hub.connect(0, user);
            hub.disconnect(user);
            assertTrue(calls.containsAll(List.of("subscribeUser 0 4", "unsubscribeUser 0 4")), calls.toString());
            assertEquals(List.of(), watcher.texts());
            assertTrue(fixture.store.onlineTimes().get(0, List.of(4L)).isEmpty());
        }
    }

    @Test
    void usersOfADeadNodeGoOffline() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            Publisher publisher = fixture.newPublisher();
            NodeEvents events = new NodeEvents(recorder(fixture, publisher), "n1", false, fixture.clock);
            LocalHub hub = started(new LocalHub(events), publisher, fixture);
            events.bind(hub, new LocalPresence("n1", hub), publisher.broker());
            RecordingTransport watcher = new RecordingTransport();
            hub.connect(0, watcher);
            hub.subscribe(watcher, "user_status_4");
            events.usersLost(0, List.of(4L));
            assertEquals(List.of(OFFLINE), watcher.texts());
            assertEquals(Map.of(4L, WiringFixture.NOW), fixture.store.onlineTimes().get(0, List.of(4L)));
        }
    }

    @Test
    void joinsAndLeavesReachAPresenceThatKeepsItsOwnCopy() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            LocalHub hub = hub(fixture, true);
            RecordingTransport page = new RecordingTransport(0, "page");
            hub.connect(3, page);
            hub.subscribe(page, "track_room");
            hub.unsubscribe(page, "track_room");
            ClientInfo client = LocalPresence.clientInfo("n1", page);
            assertEquals("n1", client.node());
            assertEquals(page.connectionId(), client.connectionId());
            assertEquals(List.of("subscribe 3 track_room", "joined 3 track_room " + client,
                    "left 3 track_room " + client, "unsubscribe 3 track_room"), calls);
        }
    }

    @Test
    void presenceHearsOfAJoinOnceTheChannelIsReceivedHereAndALeaveBeforeThatCancelsIt() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            Map<String, CompletableFuture<Void>> settling = new java.util.concurrent.ConcurrentHashMap<>();
            Broker local = new LocalBroker(fixture.store.history(), Runnable::run);
            Broker broker = (Broker) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Broker.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("subscriptionSettled")) {
                            return settling.computeIfAbsent((String) args[1], c -> new CompletableFuture<>());
                        }
                        try {
                            return method.invoke(local, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Publisher publisher = fixture.newPublisher(broker);
            NodeEvents events = new NodeEvents(recorder(fixture, publisher), "n1", true, fixture.clock);
            LocalHub hub = new LocalHub(events);
            events.bind(hub, presence(new LocalPresence("n1", hub)), broker);
            started(hub, publisher, fixture);
            RecordingTransport page = new RecordingTransport(0, "page");
            hub.connect(3, page);
            ClientInfo client = LocalPresence.clientInfo("n1", page);

            hub.subscribe(page, "track_room");
            assertEquals(List.of(), calls, "not announced while the node does not receive the channel yet");
            settling.get("track_room").complete(null);
            assertEquals(List.of("joined 3 track_room " + client), calls);

            hub.subscribe(page, "track_hall");
            hub.unsubscribe(page, "track_hall");
            settling.get("track_hall").complete(null);
            assertEquals(List.of("joined 3 track_room " + client), calls, "a join never told needs no leave");
        }
    }

    @Test
    void aBrokerThatThrowsLeavesTheHubConsistent() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            Publisher publisher = fixture.newPublisher();
            NodeEvents events = new NodeEvents(recorder(fixture, publisher), "n1", false, fixture.clock);
            LocalHub hub = started(new LocalHub(events), publisher, fixture);
            Broker broken = (Broker) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Broker.class},
                    (proxy, method, args) -> {
                        throw new IllegalStateException("broker closed");
                    });
            events.bind(hub, new LocalPresence("n1", hub), broken);
            RecordingTransport page = new RecordingTransport(5, "page");
            assertTrue(hub.connect(0, page));
            assertTrue(hub.subscribe(page, "web_chat"));
            assertEquals(1, hub.subscriberCount(0, "web_chat"));
            assertTrue(hub.unsubscribe(page, "web_chat"));
            assertEquals(0, hub.subscriberCount(0, "web_chat"));
            hub.disconnect(page);
            assertEquals(0, hub.connectionCount());
        }
    }
}
