package org.cometserver.server.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.cometql.spi.BackendUnavailableException;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.config.CallsSection;
import org.cometserver.server.e2e.ws.CallPage;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * P2P calls across two nodes in one JVM: each node's {@link P2pCalls} and {@link ClusterCalls} over its own
 * {@link LocalHub}, joined by a broker that hands every control and user frame to both nodes at once (the Redis broker's
 * own delivery is covered by its contract and the cluster end-to-end test).
 */
class ClusterCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEV = 3;

    /** One node: its connections, its calls and what it routes. */
    private record Node(String name, LocalHub hub, ClusterCalls cluster, P2pCalls calls) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private boolean deliverControls = true;
    /** Nodes presence lists as live that never answer (stopped, or cut off from Redis). */
    private final Set<String> silentNodes = new HashSet<>();
    /** Nodes presence lists as live that nobody reaches (their channel has no subscriber: they stopped). */
    private final Set<String> goneNodes = new HashSet<>();
    /** Controls each node received, by node name. */
    private final Map<String, List<Control>> received = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        nodes.forEach(n -> n.calls().close());
    }

    private Node node(String name) {
        LocalHub hub = new LocalHub();
        Broker broker = (Broker) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Broker.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "publishControl" -> {
                        Control control = (Control) args[args.length - 1];
                        String to = args.length == 2 ? (String) args[0] : null;
                        if (goneNodes.contains(to)) {
                            yield CompletableFuture.failedFuture(new BrokerUnavailableException("node " + to
                                    + " does not listen to Redis"));
                        }
                        if (deliverControls) {
                            for (Node n : List.copyOf(nodes)) {
                                if (to == null || to.equals(n.name())) {
                                    received.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(control);
                                    n.cluster().onControl((Control.Call) control);
                                }
                            }
                        }
                        yield CompletableFuture.completedFuture(null);
                    }
                    case "publishToUser" -> {
                        UserMessage message = (UserMessage) args[1];
                        int took = 0;
                        for (Node n : List.copyOf(nodes)) {
                            took += n.hub().sendToUser((Integer) args[0], message.userId(),
                                    EncodedFrame.ofUtf8(message.frame()));
                        }
                        yield CompletableFuture.completedFuture(took);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        PresenceManager presence = (PresenceManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{PresenceManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("liveNodes")) {
                        Set<String> live = new HashSet<>(silentNodes);
                        live.addAll(goneNodes);
                        nodes.forEach(n -> live.add(n.name()));
                        return CompletableFuture.completedFuture(live);
                    }
                    if (!method.getName().equals("online")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Set<Long> online = new HashSet<>();
                    for (Object id : (Collection<?>) args[1]) {
                        for (Node n : nodes) {
                            if (n.hub().isOnline((Integer) args[0], (Long) id)) {
                                online.add((Long) id);
                            }
                        }
                    }
                    return CompletableFuture.completedFuture(online);
                });
        ClusterCalls cluster = new ClusterCalls(name, broker, presence, hub, Clock.systemUTC());
        P2pCalls calls = new P2pCalls(new CallsSection(60, 300, 65_536, 50, 200, 4, "", 2000), hub,
                Clock.systemUTC(), name, cluster);
        Node node = new Node(name, hub, cluster, calls);
        nodes.add(node);
        return node;
    }

    private static RecordingTransport connect(Node node, long userId) {
        RecordingTransport transport = new RecordingTransport(userId, "uuid-" + userId);
        assertTrue(node.hub().connect(DEV, transport));
        return transport;
    }

    private static void send(Node node, RecordingTransport from, String json) {
        node.calls().signal(from, DEV, CallSignal.parse(json.replace('\'', '"')));
    }

    private static List<String> events(RecordingTransport transport) throws Exception {
        List<String> events = new ArrayList<>();
        for (String text : transport.texts()) {
            JsonNode frame = JSON.readTree(text);
            events.add(frame.path("event").asText() + ":" + frame.path("data").path("from").asLong());
        }
        return events;
    }

    @Test
    void aCalleeAnsweringOnAnotherNodeTalksToTheCallerAndItsCloseEndsItsLeg() throws Exception {
        Node a = node("a");
        Node b = node("b");
        RecordingTransport caller = connect(a, 1);
        RecordingTransport phone = connect(b, 2);
        RecordingTransport laptop = connect(a, 2);
        send(a, caller, CallPage.callSignal("s1", "[2]", ""));
        send(b, phone, CallPage.signalOf("accept", "s1", 1, ",'sdp':'answer'"));
        send(a, caller, CallPage.signalOf("update", "s1", 2, ""));

        assertEquals(List.of("accept:2"), events(caller));
        assertEquals(List.of("call:1", "update:1"), events(phone));
        assertEquals(List.of("call:1", "accept:2"), events(laptop), "the other device stops ringing");
        assertEquals(2, a.calls().boundConnections(), "the caller's and the answering remote connection");

        b.hub().disconnect(phone);
        b.calls().disconnected(phone);

        assertEquals(List.of("accept:2", "hangUp:0"), events(caller));
        assertEquals(0, a.calls().boundConnections(), "nothing stays behind");
        assertEquals(0, b.calls().sessionCount(), "the session lives on the caller's node only");
    }

    @Test
    void aNodeThatMissedTheAnnouncementSendsTheSignalToEveryNode() throws Exception {
        Node a = node("a");
        Node b = node("b");
        RecordingTransport caller = connect(a, 1);
        RecordingTransport phone = connect(b, 2);
        deliverControls = false; // b misses a's announcement (as a node started later would)
        send(a, caller, CallPage.callSignal("s2", "[2]", ""));
        deliverControls = true;

        send(b, phone, CallPage.signalOf("reject", "s2", 0, ""));

        assertEquals(List.of("reject:2"), events(caller));
        send(b, phone, CallPage.signalOf("update", "nobodys", 1, ""));
        assertEquals(List.of("call:1"), events(phone), "a session no node holds: nobody answers");
    }

    @Test
    void aDeadNodesConnectionsLeaveTheCallsOfTheOthers() throws Exception {
        Node a = node("a");
        Node b = node("b");
        RecordingTransport caller = connect(a, 1);
        RecordingTransport phone = connect(b, 2);
        send(a, caller, CallPage.callSignal("s3", "[2]", ""));
        send(b, phone, CallPage.signalOf("accept", "s3", 1, ",'sdp':'answer'"));
        nodes.remove(b);

        a.cluster().nodesLost(List.of("b"));

        assertEquals(List.of("accept:2", "hangUp:0"), events(caller));
        assertEquals(0, a.calls().boundConnections());
    }

    @Test
    void theCallsTableOfAnotherNodesSessionIsAskedOfIt() {
        Node a = node("a");
        Node b = node("b");
        RecordingTransport caller = connect(a, 1);
        connect(b, 2);
        send(a, caller, CallPage.callSignal("s4", "[2]", ""));

        assertTrue(b.calls().owns(DEV, "s4"));
        assertEquals("RING", b.calls().legs(DEV, List.of("s4")).get(0).state());
        assertEquals(1, b.calls().hangUp(DEV, "s4", null));
        assertEquals("FINISH", a.calls().legs(DEV, List.of("s4")).get(0).state());
    }

    @Test
    void theCallsOfAUserAndAFullScanShowTheSessionsOfEveryNode() {
        Node a = node("a");
        Node b = node("b");
        send(a, connect(a, 1), CallPage.callSignal("s5", "[2]", ""));
        connect(b, 2);
        send(b, connect(b, 3), CallPage.callSignal("s6", "[4]", ""));
        connect(a, 4);

        for (Node asked : List.of(a, b)) {
            assertEquals(List.of("s5:1:2"), rows(asked.calls().legsOfUsers(DEV, List.of(2L))), asked.name());
            assertEquals(List.of("s6:3:4"), rows(asked.calls().legsOfUsers(DEV, List.of(3L))), asked.name());
            assertEquals(Set.of("s5:1:2", "s6:3:4"), Set.copyOf(rows(asked.calls().allLegs(DEV, 100))), asked.name());
            assertEquals(1, asked.calls().allLegs(DEV, 1).size(), "the limit holds across nodes");
        }
    }

    @Test
    void aLiveNodeThatDoesNotAnswerFailsTheStatementNamingIt() {
        Node a = node("a");
        node("b");
        silentNodes.add("c");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> a.calls().legsOfUsers(DEV, List.of(2L)));
        assertTrue(e.getMessage().startsWith("node c did not answer"), e.getMessage());
    }

    @Test
    void aRejectForAnotherNodesSessionGetsTheOwnersVerdict() throws Exception {
        Node a = node("a");
        Node b = node("b");
        RecordingTransport caller = connect(a, 1);
        connect(b, 2);
        send(a, caller, CallPage.callSignal("s7", "[2]", ""));

        assertEquals(CallSignalException.Kind.UNKNOWN_SESSION, refusal(b, 9, "s7", 1).kind(), "not in the call");
        assertEquals("You are not in this call", refusal(b, 9, "s7", 1).getMessage());
        assertEquals(CallSignalException.Kind.INVALID, refusal(b, 2, "s7", 2).kind(), "to is the sender");
        assertEquals(CallSignalException.Kind.UNKNOWN_SESSION, refusal(b, 2, "nobodys", 1).kind());
        assertNull(b.calls().reject(DEV, 2, reject("s7", 1)).join());
        assertEquals(List.of("reject:2"), events(caller), "taken by the owner");
    }

    @Test
    void aRejectWhoseOwnerDoesNotAnswerIsUnavailable() {
        Node b = node("b");
        silentNodes.add("a");
        CompletionException e = assertThrows(CompletionException.class,
                () -> b.calls().reject(DEV, 2, reject("s8", 1)).join());
        assertInstanceOf(BrokerUnavailableException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("node a"), e.getCause().getMessage());
    }

    @Test
    void aNodeOutsideACallGetsItsAnnouncementsAloneWhateverItsPeersSay() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        RecordingTransport caller = connect(a, 1);
        RecordingTransport callee = connect(b, 2);
        send(a, caller, CallPage.callSignal("s9", "[2]", ""));
        send(b, callee, CallPage.signalOf("accept", "s9", 1, ",'sdp':'answer'"));
        for (int i = 0; i < 20; i++) {
            send(a, caller, CallPage.signalOf("iceCandidates", "s9", 2, ",'iceCandidates':[]"));
            send(b, callee, CallPage.signalOf("iceCandidates", "s9", 1, ",'iceCandidates':[]"));
        }
        // the session's announcement and the callee's other devices' "stop ringing" (any node may hold one): per
        // call, never per signal
        assertEquals(List.of("CallSession", "CallUserFrame"), received.get(c.name()).stream()
                .map(control -> control.getClass().getSimpleName()).toList(), "c gets none of the 41 signals");
        assertTrue(received.get(b.name()).size() >= 20, "b gets the frames for its callee");
    }

    private static CallSignal reject(String session, long to) {
        return CallSignal.parse(("{'signalType':'reject','sessionID':'" + session + "','to':" + to + "}")
                .replace('\'', '"'));
    }

    private static CallSignalException refusal(Node node, long userId, String session, long to) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> node.calls().reject(DEV, userId, reject(session, to)).join());
        return assertInstanceOf(CallSignalException.class, e.getCause());
    }

    private static List<String> rows(List<CallLeg> legs) {
        return legs.stream().map(l -> l.sessionId() + ":" + l.callerId() + ":" + l.userId()).toList();
    }

    @Test
    void aRejectOfASessionOfUnknownOwnerTakesTheOwnersVerdictThoughANodeIsGone() throws Exception {
        Node a = node("a");
        Node b = node("b");
        RecordingTransport caller = connect(a, 1);
        connect(b, 2);
        deliverControls = false; // b misses a's announcement: it asks every live node
        send(a, caller, CallPage.callSignal("s10", "[2]", ""));
        deliverControls = true;
        goneNodes.add("c");

        assertEquals("You are not in this call", refusal(b, 9, "s10", 1).getMessage(), "a's words, not c's silence");
        assertNull(b.calls().reject(DEV, 2, reject("s10", 1)).join());
        assertEquals(List.of("reject:2"), events(caller));
        CompletionException nobodys = assertThrows(CompletionException.class,
                () -> b.calls().reject(DEV, 2, reject("nobodys", 1)).join());
        assertInstanceOf(BrokerUnavailableException.class, nobodys.getCause(), "c, gone, may have held it");
    }
}
