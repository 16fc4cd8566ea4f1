package org.cometserver.server.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend.CallChanges;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.server.calls.CallSignalException.Kind;
import org.cometserver.server.config.CallsSection;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The P2P session registry over a real {@link LocalHub} and recording connections. */
class P2pCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEV = 3;

    private final LocalHub hub = new LocalHub();
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private P2pCalls calls = registry(60, 300, "");

    @AfterEach
    void close() throws Exception {
        calls.close();
        for (AutoCloseable closeable : closeLater) {
            closeable.close();
        }
    }

    private P2pCalls registry(int answerTimeout, int keepFinished, String offlineHook) {
        return new P2pCalls(new CallsSection(answerTimeout, keepFinished, 65_536, 50, 200, 4, offlineHook, 2000), hub,
                Clock.systemUTC(), "node-a");
    }

    private RecordingTransport connect(int devId, long userId) {
        RecordingTransport transport = new RecordingTransport(userId, "uuid-" + userId);
        assertTrue(hub.connect(devId, transport));
        return transport;
    }

    private RecordingTransport connect(long userId) {
        return connect(DEV, userId);
    }

    private void disconnect(RecordingTransport transport) {
        hub.disconnect(transport);
        calls.disconnected(transport);
    }

    private void send(RecordingTransport from, String json) {
        calls.signal(from, DEV, CallSignal.parse(json.replace('\'', '"')));
    }

    private static String call(String session, String opponents) {
        return "{'signalType':'call','sessionID':'" + session + "','callType':1,'sdp':'offer','platform':'web',"
                + "'opponentsIDs':" + opponents + ",'userInfo':{'name':'Ann'}}";
    }

    private static String signal(String type, String session, long to) {
        String extra = switch (type) {
            case "accept" -> ",'sdp':'answer'";
            case "iceCandidates" -> ",'iceCandidates':[{'sdpMLineIndex':0,'sdpMid':'0','candidate':'c'}]";
            default -> "";
        };
        return "{'signalType':'" + type + "','sessionID':'" + session + "'" + (to == 0 ? "" : ",'to':" + to)
                + extra + "}";
    }

    private static List<JsonNode> frames(RecordingTransport transport) {
        return transport.texts().stream().map(P2pCallsTest::parse).toList();
    }

    /** The events the connection got, in order. */
    private static List<String> events(RecordingTransport transport) {
        return frames(transport).stream().map(f -> f.path("event").asText()).toList();
    }

    private static JsonNode last(RecordingTransport transport) {
        List<JsonNode> frames = frames(transport);
        return frames.get(frames.size() - 1);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String states(String session) {
        return calls.legs(DEV, List.of(session)).stream().map(l -> l.userId() + ":" + l.state())
                .collect(Collectors.joining(","));
    }

    @Test
    void oneToOneCallRingsEveryDeviceAndTheAnswerStopsTheOtherOne() {
        RecordingTransport caller = connect(1);
        RecordingTransport phone = connect(2);
        RecordingTransport laptop = connect(2);

        send(caller, call("s1", "[2]").replaceFirst("\\{", "{'callerID':99,'to':2,"));

        for (RecordingTransport device : List.of(phone, laptop)) {
            JsonNode frame = last(device);
            assertEquals("_calls", frame.path("pipe").asText());
            assertEquals("call", frame.path("event").asText());
            JsonNode data = frame.path("data");
            assertEquals(1, data.path("callerID").asLong(), "never the client's callerID: " + data);
            assertEquals(1, data.path("from").asLong());
            assertEquals("[2]", data.path("opponentsIDs").toString());
            assertEquals("offer", data.path("sdp").asText());
            assertEquals("{\"name\":\"Ann\"}", data.path("userInfo").toString());
            assertFalse(data.has("to"), data.toString());
        }
        assertEquals(List.of(), events(caller));
        assertEquals("2:RING", states("s1"));

        send(phone, signal("accept", "s1", 1));

        assertEquals(List.of("accept"), events(caller));
        assertEquals(2, last(caller).path("data").path("from").asLong());
        assertEquals(List.of("call", "accept"), events(laptop), "the other device stops ringing");
        assertEquals(List.of("call"), events(phone));
        CallLeg leg = calls.legs(DEV, List.of("s1")).get(0);
        assertEquals("ESTABLISHED", leg.state());
        assertTrue(leg.answered() > 0);
        assertEquals("node-a", leg.node());
        assertEquals("p2p", leg.kind());
        assertEquals("{\"name\":\"Ann\"}", leg.userInfo());

        send(caller, signal("iceCandidates", "s1", 2));
        send(phone, signal("update", "s1", 1).replace("}", ",'muted':true}"));
        assertEquals(List.of("call", "iceCandidates"), events(phone), "only the answering device");
        assertEquals(List.of("call", "accept"), events(laptop));
        assertTrue(last(caller).path("data").path("muted").asBoolean());

        CallSignalException other = assertThrows(CallSignalException.class,
                () -> send(laptop, signal("iceCandidates", "s1", 1)));
        assertEquals("The call was answered on another connection of this user", other.getMessage());

        send(caller, signal("hangUp", "s1", 0));
        assertEquals("hangUp", last(phone).path("event").asText());
        assertEquals("2:FINISH", states("s1"));
        assertEquals(0, calls.boundConnections(), "no connection is kept for an ended call");
        CallSignalException ended = assertThrows(CallSignalException.class,
                () -> send(caller, signal("update", "s1", 2)));
        assertEquals("The call has ended", ended.getMessage());
        // a late hang-up is no mistake
        send(phone, signal("hangUp", "s1", 1));
    }

    @Test
    void rejectEndsTheLegAndReachesTheCallerAndTheOtherDevices() {
        RecordingTransport caller = connect(1);
        RecordingTransport phone = connect(2);
        RecordingTransport laptop = connect(2);
        send(caller, call("s2", "[2]"));

        send(laptop, signal("reject", "s2", 0).replace("}", ",'userInfo':{'busy':true}}"));

        assertEquals(List.of("reject"), events(caller));
        assertTrue(last(caller).path("data").path("userInfo").path("busy").asBoolean());
        assertEquals(List.of("call", "reject"), events(phone));
        assertEquals(List.of("call"), events(laptop));
        assertEquals("2:REJECTED", states("s2"));
        assertEquals(1, calls.sessionCount(), "kept for keep_finished");
    }

    @Test
    void httpRejectReachesTheCallerAndEveryDevice() {
        RecordingTransport caller = connect(1);
        RecordingTransport phone = connect(2);
        send(caller, call("s3", "[2]"));

        calls.reject(DEV, 2, CallSignal.parse("{\"signalType\":\"reject\",\"sessionID\":\"s3\",\"to\":1}"));

        assertEquals(List.of("reject"), events(caller));
        assertEquals(List.of("call", "reject"), events(phone));
        assertEquals("2:REJECTED", states("s3"));
        CallSignalException stranger = assertThrows(CallSignalException.class, () -> calls.reject(DEV, 7,
                CallSignal.parse("{\"signalType\":\"reject\",\"sessionID\":\"s3\",\"to\":1}")));
        assertEquals(Kind.UNKNOWN_SESSION, stranger.kind());
        CallSignalException otherDev = assertThrows(CallSignalException.class, () -> calls.reject(DEV + 1, 2,
                CallSignal.parse("{\"signalType\":\"reject\",\"sessionID\":\"s3\",\"to\":1}")));
        assertEquals(Kind.UNKNOWN_SESSION, otherDev.kind());
    }

    @Test
    void unansweredLegTimesOutAndAnAnsweredOneDoesNot() {
        calls.close();
        calls = registry(1, 300, "");
        RecordingTransport caller = connect(1);
        RecordingTransport two = connect(2);
        RecordingTransport three = connect(3);
        send(caller, call("s4", "[2,3]"));
        send(two, signal("accept", "s4", 1));

        Eventually.until("3 not answered", () -> events(caller).size() == 2, () -> states("s4"));

        assertEquals(List.of("accept", "notAnswer"), events(caller));
        assertEquals(3, last(caller).path("data").path("userId").asLong());
        assertEquals(0, last(caller).path("data").path("from").asLong());
        assertEquals(List.of("call", "hangUp"), events(three));
        assertEquals("not_answered", last(three).path("data").path("reason").asText());
        assertEquals("2:ESTABLISHED,3:NOT_ANSWERED", states("s4"));
    }

    @Test
    void calleeWithoutConnectionIsNotAnsweredAtOnce() {
        RecordingTransport caller = connect(1);

        send(caller, call("s5", "[2]"));

        assertEquals(List.of("notAnswer"), events(caller));
        assertEquals(2, last(caller).path("data").path("userId").asLong());
        assertEquals("2:NOT_ANSWERED", states("s5"));
        assertEquals(0, calls.boundConnections());
    }

    @Test
    void offlineHookAnswering2xxKeepsTheCalleeRingingAnd500DoesNot() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        backend.setExecutor(executor);
        backend.createContext("/push", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            bodies.add(body);
            exchange.sendResponseHeaders(body.contains("\"user_id\":2") ? 200 : 500, -1);
            exchange.close();
        });
        backend.start();
        closeLater.add(() -> {
            backend.stop(0);
            executor.shutdownNow();
        });
        calls.close();
        calls = registry(60, 300, "http://127.0.0.1:" + backend.getAddress().getPort() + "/push");
        RecordingTransport caller = connect(1);

        send(caller, call("s6", "[2,3]"));

        Eventually.until("3 not answered", () -> !events(caller).isEmpty(), () -> states("s6"));
        assertEquals("2:RING,3:NOT_ANSWERED", states("s6"));
        assertEquals(List.of("notAnswer"), events(caller));
        assertEquals(3, last(caller).path("data").path("userId").asLong());
        JsonNode hook = parse(bodies.stream().filter(b -> b.contains("\"user_id\":2")).findFirst().orElseThrow());
        assertEquals(DEV, hook.path("dev_id").asInt());
        assertEquals("s6", hook.path("session_id").asText());
        assertEquals(1, hook.path("caller_id").asLong());
        assertEquals(1, hook.path("call_type").asInt());
        assertEquals("Ann", hook.path("user_info").path("name").asText());

        // the push woke the app: it connects and answers
        RecordingTransport app = connect(2);
        send(app, signal("accept", "s6", 1));
        assertEquals("2:ESTABLISHED,3:NOT_ANSWERED", states("s6"));
    }

    @Test
    void callerThatDisconnectsWhileRingingEndsTheCall() {
        RecordingTransport caller = connect(1);
        RecordingTransport phone = connect(2);
        send(caller, call("s7", "[2]"));

        disconnect(caller);

        assertEquals(List.of("call", "hangUp"), events(phone));
        JsonNode data = last(phone).path("data");
        assertEquals("disconnected", data.path("reason").asText());
        assertEquals(1, data.path("userId").asLong());
        assertEquals("2:FINISH", states("s7"));
        assertEquals(0, calls.boundConnections());
    }

    @Test
    void answeredCalleeThatDisconnectsHangsUpForTheCaller() {
        RecordingTransport caller = connect(1);
        RecordingTransport phone = connect(2);
        send(caller, call("s8", "[2]"));
        send(phone, signal("accept", "s8", 1));

        disconnect(phone);

        assertEquals(List.of("accept", "hangUp"), events(caller));
        assertEquals(2, last(caller).path("data").path("userId").asLong());
        assertEquals("2:FINISH", states("s8"));
        CallLeg leg = calls.legs(DEV, List.of("s8")).get(0);
        assertEquals(leg.ended() - leg.answered(), leg.duration());
    }

    @Test
    void meshOfThreeKeepsGoingWhenTheCallerLeaves() {
        RecordingTransport one = connect(1);
        RecordingTransport two = connect(2);
        RecordingTransport three = connect(3);
        send(one, call("m1", "[2,3]").replaceFirst("\\{", "{'to':2,"));
        send(one, call("m1", "[2,3]").replaceFirst("\\{", "{'to':3,"));
        assertEquals(List.of("call"), events(two));
        assertEquals(List.of("call"), events(three));

        send(two, signal("accept", "m1", 1));
        send(three, signal("accept", "m1", 1));
        assertThrows(CallSignalException.class, () -> send(two, call("m1", "[2,3]").replaceFirst("\\{", "{'to':9,")));
        send(three, call("m1", "[1,2]").replaceFirst("\\{", "{'to':2,"));
        JsonNode mesh = last(two).path("data");
        assertEquals("call", mesh.path("signalType").asText());
        assertEquals(3, mesh.path("from").asLong());
        assertEquals(1, mesh.path("callerID").asLong());
        assertEquals("[2,3]", mesh.path("opponentsIDs").toString(), "the session's opponents, not the sender's");
        send(two, signal("accept", "m1", 3));
        assertEquals("accept", last(three).path("event").asText());
        assertEquals(2, last(three).path("data").path("from").asLong());

        send(one, signal("hangUp", "m1", 0));
        assertEquals("hangUp", last(two).path("event").asText());
        assertEquals("hangUp", last(three).path("event").asText());
        assertEquals("2:ESTABLISHED,3:ESTABLISHED", states("m1"));
        send(two, signal("iceCandidates", "m1", 3));
        assertEquals("iceCandidates", last(three).path("event").asText());
        CallSignalException toCaller = assertThrows(CallSignalException.class,
                () -> send(two, signal("update", "m1", 1)));
        assertEquals("User 1 is not in this call any more", toCaller.getMessage());

        send(two, signal("hangUp", "m1", 3));
        assertEquals("2:FINISH,3:FINISH", states("m1"), "alone, 3's leg ends too");
        assertEquals(0, calls.boundConnections());
    }

    @Test
    void deleteHangsUpEveryParticipantWithReasonServer() {
        RecordingTransport one = connect(1);
        RecordingTransport two = connect(2);
        RecordingTransport three = connect(3);
        send(one, call("d1", "[2,3]"));
        send(two, signal("accept", "d1", 1));

        assertEquals(2, calls.hangUp(DEV, "d1", List.of(2L, 3L)));

        assertEquals(List.of("call", "hangUp"), events(two));
        assertEquals(List.of("call", "hangUp"), events(three));
        assertEquals("server", last(two).path("data").path("reason").asText());
        assertEquals(2, last(two).path("data").path("userId").asLong());
        assertEquals(List.of("accept", "hangUp", "hangUp"), events(one));
        assertEquals("2:FINISH,3:FINISH", states("d1"));
        assertEquals(0, calls.hangUp(DEV, "d1", List.of(2L, 3L)), "nothing left to end");
        CometQlException update = assertThrows(CometQlException.class,
                () -> calls.update(DEV, "d1", null, new CallChanges(true, null, null)));
        assertEquals("hold, dtmf and transfer apply to SIP calls only", update.getMessage());
    }

    @Test
    void deleteOfOneLegLeavesTheOthersRinging() {
        RecordingTransport one = connect(1);
        connect(2);
        RecordingTransport three = connect(3);
        send(one, call("d2", "[2,3]"));

        assertEquals(1, calls.hangUp(DEV, "d2", List.of(2L)));

        assertEquals("2:FINISH,3:RING", states("d2"));
        assertEquals(List.of("call", "hangUp"), events(three), "told that 2 left");
        assertEquals(2, last(three).path("data").path("userId").asLong());
    }

    @Test
    void sessionsAndUsersNeverCrossDevIds() {
        RecordingTransport caller = connect(DEV, 1);
        RecordingTransport sameIdElsewhere = connect(DEV + 1, 2);

        send(caller, call("x1", "[2]"));

        assertEquals(List.of(), events(sameIdElsewhere), "user 2 of another dev_id is another user");
        assertEquals(List.of("notAnswer"), events(caller));
        CallSignalException unknown = assertThrows(CallSignalException.class, () -> calls.signal(sameIdElsewhere,
                DEV + 1, CallSignal.parse("{\"signalType\":\"accept\",\"sessionID\":\"x1\",\"to\":1,\"sdp\":\"a\"}")));
        assertEquals("Unknown sessionID", unknown.getMessage());
        assertEquals(List.of(), calls.legsOfUsers(DEV + 1, List.of(1L, 2L)));
        assertEquals(List.of(), calls.allLegs(DEV + 1, 100));
        assertFalse(calls.owns(DEV + 1, "x1"));
        assertTrue(calls.owns(DEV, "x1"));
    }

    @Test
    void refusals() {
        RecordingTransport caller = connect(1);
        RecordingTransport stranger = connect(9);
        connect(2);
        assertRefused("A call has at most 4 participants ([calls] max_participants), caller included",
                caller, call("r1", "[2,3,4,5]"));
        assertRefused("opponentsIDs lists the caller", caller, call("r1", "[1,2]"));
        assertRefused("opponentsIDs lists user 2 twice", caller, call("r1", "[2,2]"));
        assertRefused("call needs opponentsIDs", caller, call("r1", "[]"));
        assertRefused("Unknown sessionID", caller, signal("accept", "nope", 2));
        send(caller, call("r2", "[2]"));
        assertRefused("You are not in this call", stranger, signal("hangUp", "r2", 0));
        assertRefused("User 9 is not in this call", caller, signal("update", "r2", 9));
        assertRefused("update needs to", caller, signal("update", "r2", 0));
        assertRefused("to is the sender", caller, signal("update", "r2", 1));
        send(caller, signal("hangUp", "r2", 0));
        assertRefused("The call has ended", caller, signal("update", "r2", 2));
        assertRefused("The call has ended", caller, call("r2", "[2]"));
    }

    private void assertRefused(String message, RecordingTransport from, String json) {
        CallSignalException e = assertThrows(CallSignalException.class, () -> send(from, json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aConnectionTakesPartInAtMost16Calls() {
        RecordingTransport caller = connect(1);
        connect(2);
        for (int i = 0; i < P2pCalls.MAX_CALLS_PER_CONNECTION; i++) {
            send(caller, call("many" + i, "[2]"));
        }
        assertRefused("Too many calls on this connection (at most 16)", caller, call("many16", "[2]"));
        send(caller, signal("hangUp", "many0", 0));
        send(caller, call("many16", "[2]"));
    }

    @Test
    void finishedSessionsAreForgottenAfterKeepFinished() {
        calls.close();
        calls = registry(60, 0, "");
        RecordingTransport caller = connect(1);
        RecordingTransport callee = connect(2);
        send(caller, call("k1", "[2]"));
        send(callee, signal("reject", "k1", 1));

        assertEquals(0, calls.sessionCount());
        assertFalse(calls.owns(DEV, "k1"));
        assertEquals(List.of(), calls.legsOfUsers(DEV, List.of(1L)));
        // the id may be used again
        send(caller, call("k1", "[2]"));
        assertEquals("2:RING", states("k1"));
    }

    @Test
    void finishedSessionsBeyondTheCapAreForgottenAtOnce() {
        calls.close();
        calls = new P2pCalls(new CallsSection(60, 300, 65_536, 50, 200, 4, "", 2000), hub, Clock.systemUTC(),
                "node-a", 2);
        RecordingTransport caller = connect(1);
        for (int i = 0; i < 5; i++) {
            // nobody to ring: over at once
            send(caller, call("cap" + i, "[2]"));
        }
        assertEquals(2, calls.sessionCount(), "the first two are kept");
        assertTrue(calls.owns(DEV, "cap0"));
        assertFalse(calls.owns(DEV, "cap4"));
    }

    @Test
    void aLargeUserInfoIsRelayedButNotKept() {
        RecordingTransport caller = connect(1);
        RecordingTransport callee = connect(2);
        String big = "x".repeat(5000);
        send(caller, call("big", "[2]").replace("'name':'Ann'", "'name':'" + big + "'"));

        assertEquals(big, last(callee).path("data").path("userInfo").path("name").asText());
        assertEquals("", calls.legs(DEV, List.of("big")).get(0).userInfo());
    }

    @Test
    void legsOfAUserAreTheCallsItPlacedAndItsOwnLegs() {
        RecordingTransport one = connect(1);
        connect(2);
        connect(3);
        send(one, call("u1", "[2,3]"));

        assertEquals(2, calls.legsOfUsers(DEV, List.of(1L)).size());
        assertEquals(List.of(3L), calls.legsOfUsers(DEV, List.of(3L)).stream().map(CallLeg::userId).toList());
        assertEquals(1, calls.allLegs(DEV, 1).size());
    }

    @Test
    void signalsFromManyThreadsLeaveConsistentState() throws Exception {
        int pairs = 200;
        List<RecordingTransport> callers = new ArrayList<>();
        List<RecordingTransport> callees = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            callers.add(connect(1000 + i));
            callees.add(connect(5000 + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(pairs);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < pairs; i++) {
            int n = i;
            threads.execute(() -> {
                try {
                    String id = "c" + n;
                    send(callers.get(n), call(id, "[" + (5000 + n) + "]"));
                    send(callees.get(n), signal("accept", id, 1000 + n));
                    // caller hangs up while the callee disconnects: either wins, the call ends once
                    Thread other = new Thread(() -> disconnect(callees.get(n)));
                    other.start();
                    send(callers.get(n), signal("hangUp", id, 0));
                    other.join();
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        threads.shutdown();
        assertEquals(List.of(), failures);
        for (int i = 0; i < pairs; i++) {
            assertEquals((5000 + i) + ":FINISH", states("c" + i));
        }
        assertEquals(0, calls.boundConnections());
    }
}
