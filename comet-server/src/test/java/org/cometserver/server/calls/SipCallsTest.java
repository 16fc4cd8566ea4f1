package org.cometserver.server.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend.CallChanges;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.cometql.spi.CallBackend.DialRequest;
import org.cometserver.esl.EslCommandException;
import org.cometserver.esl.call.CallCommand;
import org.cometserver.esl.call.CallEvent;
import org.cometserver.esl.call.CallState;
import org.cometserver.esl.call.OriginateRequest;
import org.cometserver.esl.call.SipLeg;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIP calls of browser users from the bridge's call events: rows, pushed status frames, commands, click-to-call. */
class SipCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = "fs.example.com:7443";
    private static final int DEV = 3;
    private static final long USER = 7;
    private static final String BROWSER = "0000037";
    private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);

    private final MutableClock clock = new MutableClock();
    private final LocalHub hub = new LocalHub();
    private final FakeControl control = new FakeControl();
    private SipCalls calls;
    private RecordingTransport page;

    @BeforeEach
    void setUp() {
        calls = new SipCalls(control, hub::sendToUser, clock, Duration.ofSeconds(300), Duration.ofMillis(300),
                Duration.ofMillis(300), 5);
        page = new RecordingTransport(USER, "page");
        assertTrue(hub.connect(DEV, page));
    }

    @Test
    void aBrowserCallToASipUserBecomesARowAndPushesEachStatus() throws Exception {
        Leg leg = Leg.out("a-1", "1000");
        event(CallEvent.Type.RING, leg);
        event(CallEvent.Type.ESTABLISHED, leg.bridged("b-1", "1000", "Bob").answered(T0.plusSeconds(2)));
        event(CallEvent.Type.DTMF, leg); // nothing to show
        event(CallEvent.Type.PEER, leg.bridged("b-1", "1000", "Bob").answered(T0.plusSeconds(2))); // nothing new
        event(CallEvent.Type.HOLD, leg.state(CallState.HOLD));
        assertTrue(only("a-1").held());
        event(CallEvent.Type.UNHOLD, leg.state(CallState.ESTABLISHED));
        clock.advance(30);
        event(CallEvent.Type.FINISH, leg.ended(CallState.FINISH, "NORMAL_CLEARING", null, 12,
                Map.of("rtp_audio_in_mos", "4.50", "rtp_audio_in_packet_count", "600")));

        List<JsonNode> frames = frames();
        assertEquals(List.of("RING", "ESTABLISHED", "HOLD", "ESTABLISHED", "FINISH"),
                frames.stream().map(f -> f.path("data").path("state").asText()).toList());
        JsonNode last = frames.get(4);
        assertEquals("_calls", last.path("pipe").asText());
        assertEquals("sipStatus", last.path("event").asText());
        assertEquals("{\"call_type\":2,\"cause\":\"NORMAL_CLEARING\",\"dial\":\"1000\",\"direction\":\"out\","
                + "\"duration\":12,\"mos\":\"4.50\",\"peer\":\"1000\",\"peer_name\":\"Bob\",\"session_id\":\"a-1\","
                + "\"state\":\"FINISH\"}", last.path("data").toString());

        CallLeg row = only("a-1");
        assertEquals(List.of(USER, USER, 2L), List.of(row.callerId(), row.userId(), (long) row.callType()));
        assertEquals(List.of("FINISH", "sip", "1000", "1000", "NORMAL_CLEARING", "4.50"),
                List.of(row.state(), row.kind(), row.dial(), row.peer(), row.sipCause(), row.mos()));
        assertEquals(T0.getEpochSecond() + 2, row.answered());
        assertEquals(12, row.duration());
        assertFalse(row.held());
        assertEquals("{\"rtp_audio_in_mos\":\"4.50\",\"rtp_audio_in_packet_count\":\"600\"}", row.stats());
        assertEquals(List.of(row), calls.legsOfUsers(DEV, List.of(USER)));
        assertEquals(List.of(), calls.legs(DEV + 1, List.of("a-1")), "another dev_id sees nothing");
        assertFalse(calls.owns(DEV + 1, "a-1"));
    }

    @Test
    void aSipDeviceCallingABrowserUserIsAnIncomingRowWithTheCallersNumber() throws Exception {
        Leg leg = Leg.in("b-9", Map.of("comet_direction", "in", "comet_dev_id", "000003", "comet_user_id", "7"))
                .bridged("a-9", "1000", "Alice");
        event(CallEvent.Type.RING, leg);
        CallLeg row = only("b-9");
        assertEquals(0, row.callerId(), "a SIP device called in");
        assertEquals(USER, row.userId());
        assertEquals("", row.dial());
        JsonNode data = frames().get(0).path("data");
        assertEquals(List.of("RING", "in", "1000", "Alice"), List.of(data.path("state").asText(),
                data.path("direction").asText(), data.path("peer").asText(), data.path("peer_name").asText()));
        assertEquals(BROWSER, data.path("device").asText(), "the registration rung: the browser knows its own leg");
    }

    @Test
    void failedCallsCarryFreeswitchsCauseAndTheSipCode() throws Exception {
        Leg leg = Leg.out("a-2", "1002");
        event(CallEvent.Type.RING, leg);
        event(CallEvent.Type.FAILED, leg.ended(CallState.FAILED, "USER_BUSY", "486", 0, Map.of()));
        CallLeg row = only("a-2");
        assertEquals(List.of("FAILED", "USER_BUSY", ""), List.of(row.state(), row.sipCause(), row.stats()));
        JsonNode data = frames().get(1).path("data");
        assertEquals(486, data.path("sip_code").asInt());
        assertEquals("USER_BUSY", data.path("cause").asText());
        assertEquals(0, data.path("duration").asInt());
    }

    @Test
    void aLegEndedWhileTheEventConnectionWasDownIsLost() throws Exception {
        Leg leg = Leg.out("a-3", "1000");
        event(CallEvent.Type.ESTABLISHED, leg.answered(T0));
        event(CallEvent.Type.LOST, leg.answered(T0).ended(CallState.FINISH, null, null, 0, Map.of()));
        assertEquals(List.of("FINISH", "LOST"), List.of(only("a-3").state(), only("a-3").sipCause()));
    }

    @Test
    void legsOfNoCometUserAreIgnored() {
        event(CallEvent.Type.RING, new Leg("x", "inbound", "1000", Map.of(), "2000"));
        event(CallEvent.Type.RING, new Leg("y", "inbound", "00000001", Map.of(), "2000"));
        assertEquals(0, calls.size());
        assertEquals(List.of(), page.texts());
    }

    @Test
    void finishedCallsStayKeepFinishedThenGo() {
        Leg leg = Leg.out("a-4", "1000");
        event(CallEvent.Type.RING, leg);
        event(CallEvent.Type.FAILED, leg.ended(CallState.FAILED, "NO_ANSWER", null, 0, Map.of()));
        clock.advance(299);
        assertEquals(1, calls.allLegs(DEV, 100).size());
        clock.advance(1);
        assertEquals(List.of(), calls.allLegs(DEV, 100));
        assertFalse(calls.owns(DEV, "a-4"));
    }

    @Test
    void theTableIsBoundedTheOldestFinishedCallsGivingWay() {
        for (int i = 0; i < 5; i++) {
            Leg leg = Leg.out("f-" + i, "1000");
            event(CallEvent.Type.RING, leg);
            if (i < 2) {
                event(CallEvent.Type.FAILED, leg.ended(CallState.FAILED, "NO_ANSWER", null, 0, Map.of()));
            }
        }
        event(CallEvent.Type.RING, Leg.out("f-5", "1000"));
        event(CallEvent.Type.RING, Leg.out("f-6", "1000"));
        assertEquals(Set.of("f-2", "f-3", "f-4", "f-5", "f-6"), sessions());
        event(CallEvent.Type.RING, Leg.out("f-7", "1000")); // five live calls: no room
        assertEquals(Set.of("f-2", "f-3", "f-4", "f-5", "f-6"), sessions());
        CometQlException full = assertThrows(CometQlException.class, () -> calls.dial(DEV,
                new DialRequest(USER, "user/1000", 2, ""), NODE, "user/" + BROWSER + "@d", BROWSER, Duration.ofSeconds(30)));
        assertTrue(full.getMessage().contains("5 SIP calls are live"), full.getMessage());
        assertTrue(control.sent.isEmpty());
    }

    @Test
    void holdUnholdDtmfTransferAndHangUpAnswerOnceFreeswitchAccepted() throws Exception {
        Leg leg = Leg.out("a-5", "1000").bridged("b-5", "1000", "").answered(T0);
        event(CallEvent.Type.ESTABLISHED, leg);
        event(CallEvent.Type.PEER, leg.bridged("b-5", "1000", "Bob")); // the other end's name: pushed
        assertEquals(List.of("ESTABLISHED", "ESTABLISHED"), frames().stream()
                .map(f -> f.path("data").path("state").asText()).toList());
        assertEquals("Bob", frames().get(1).path("data").path("peer_name").asText());
        control.reply("+OK Success");
        assertEquals(1, calls.update(DEV, "a-5", null, new CallChanges(true, null, null)));
        control.reply("+OK b-5 sent DTMF 12#.");
        assertEquals(1, calls.update(DEV, "a-5", List.of(USER), new CallChanges(null, "12#", null)));
        control.reply("+OK");
        assertEquals(1, calls.update(DEV, "a-5", null, new CallChanges(null, null, "1001")));
        event(CallEvent.Type.HOLD, leg.state(CallState.HOLD));
        control.reply("+OK Success");
        assertEquals(1, calls.update(DEV, "a-5", null, new CallChanges(false, null, null)));
        control.reply("+OK");
        assertEquals(1, calls.hangUp(DEV, "a-5", null));
        assertEquals(List.of(
                List.of(NODE, "HOLD", "a-5", ""),
                List.of(NODE, "SEND_DTMF", "b-5", "12#"), // out to the other end, as the browser's keypad
                List.of(NODE, "TRANSFER", "b-5", "1001 XML default"), // the other end goes; the browser's leg ends
                List.of(NODE, "UNHOLD", "a-5", ""),
                List.of(NODE, "KILL", "a-5", "")), control.sent);
        assertEquals(0, calls.update(DEV, "a-5", List.of(USER + 1), new CallChanges(true, null, null)), "not that user");
        assertEquals(0, calls.hangUp(DEV + 1, "a-5", null), "not that dev_id");
    }

    @Test
    void commandsThatCannotApplyAreClearErrorsWithoutAskingFreeswitch() {
        Leg ringing = Leg.out("a-6", "1000");
        event(CallEvent.Type.RING, ringing);
        assertError(CometQlErrors.INVALID_DATA, "is not answered yet (RING)", "a-6", new CallChanges(true, null, null));
        assertError(CometQlErrors.INVALID_DATA, "is not connected to anyone (RING): nothing to transfer", "a-6",
                new CallChanges(null, null, "1001"));
        assertError(CometQlErrors.INVALID_DATA, "is not connected to anyone (RING): nothing to send DTMF to", "a-6",
                new CallChanges(null, "1", null));
        Leg up = ringing.answered(T0).bridged("b-6", "1000", "");
        event(CallEvent.Type.ESTABLISHED, up);
        assertError(CometQlErrors.INVALID_DATA, "is not on hold (ESTABLISHED): nothing to unhold", "a-6",
                new CallChanges(false, null, null));
        assertError(CometQlErrors.INVALID_DATA, "The transfer field cannot be sent: inline transfer", "a-6",
                new CallChanges(true, "1", "user/1000,hangup")); // nothing of it sent: not half applied
        event(CallEvent.Type.HOLD, up.state(CallState.HOLD));
        assertError(CometQlErrors.INVALID_DATA, "is on hold already", "a-6", new CallChanges(true, null, null));
        event(CallEvent.Type.FINISH, up.ended(CallState.FINISH, "NORMAL_CLEARING", null, 3, Map.of()));
        assertError(CometQlErrors.NOT_EXISTS, "has ended (FINISH NORMAL_CLEARING)", "a-6",
                new CallChanges(null, "1", null));
        assertTrue(control.sent.isEmpty());
        assertEquals(1, calls.hangUp(DEV, "a-6", null), "a finished call is forgotten");
        assertFalse(calls.owns(DEV, "a-6"));
        assertTrue(control.sent.isEmpty());
    }

    @Test
    void freeswitchsRefusalAndSilenceBecomeErrorsWithItsText() {
        event(CallEvent.Type.ESTABLISHED, Leg.out("a-7", "1000").answered(T0).bridged("b-7", "1000", ""));
        control.fail(new EslCommandException(NODE, "uuid_send_dtmf b-7 1", "-ERR Cannot locate session!"));
        CometQlException refused = assertThrows(CometQlException.class,
                () -> calls.update(DEV, "a-7", null, new CallChanges(null, "1", null)));
        assertEquals(CometQlErrors.INTERNAL, refused.code());
        assertEquals("FreeSWITCH " + NODE + " refused send DTMF to call a-7: -ERR Cannot locate session!",
                refused.getMessage());
        control.silent();
        CometQlException silent = assertThrows(CometQlException.class, () -> calls.hangUp(DEV, "a-7", null));
        assertTrue(silent.getMessage().startsWith("FreeSWITCH did not answer hang up call a-7 within"),
                silent.getMessage());
        control.fail(new IllegalArgumentException("transfer destination: 1'1 (expected: ...)"));
        CometQlException invalid = assertThrows(CometQlException.class,
                () -> calls.update(DEV, "a-7", null, new CallChanges(null, null, "1'1")));
        assertEquals(CometQlErrors.INVALID_DATA, invalid.code());
    }

    @Test
    void clickToCallOriginatesTheBrowsersAndAnswersOnceOneAnswered() throws Exception {
        control.originated = request -> {
            // the user's two browsers ring while the statement waits; the second answers, the first loses the race
            Leg first = new Leg("leg-1", "outbound", BROWSER, request.variables(), BROWSER);
            Leg second = new Leg("leg-2", "outbound", BROWSER, request.variables(), BROWSER);
            event(CallEvent.Type.RING, first);
            event(CallEvent.Type.RING, second);
            assertEquals(Set.of("leg-1", "leg-2"), sessions(), "the legs take the request's place");
            event(CallEvent.Type.ESTABLISHED, second.answered(T0));
            event(CallEvent.Type.FAILED, first.ended(CallState.FAILED, "LOSE_RACE", null, 0, Map.of()));
            return CompletableFuture.completedFuture("leg-2");
        };
        CallLeg leg = calls.dial(DEV, new DialRequest(USER, "user/1000", 1, "{\"crm\":5}"), NODE,
                "user/" + BROWSER + "@FSdefaultDomain", BROWSER, Duration.ofSeconds(30));
        OriginateRequest request = control.originates.get(0);
        String session = request.variables().get("comet_session");
        assertEquals("originate {origination_caller_id_number=1000,origination_caller_id_name=Click-to-call,"
                + "originate_timeout=30,comet_call_type=1,comet_dev_id=3,comet_direction=c2c,comet_session=" + session
                + ",comet_user_id=7}user/0000037@FSdefaultDomain &bridge({origination_caller_id_number=0000037,"
                + "origination_caller_id_name=0000037}user/1000)", request.apiLine(request.uuid()),
                "no origination_uuid: FreeSWITCH would ring one device only");
        assertEquals(List.of("leg-2", "ESTABLISHED", "user/1000", "{\"crm\":5}", "1"), List.of(leg.sessionId(),
                leg.state(), leg.dial(), leg.userInfo(), String.valueOf(leg.callType())));
        assertEquals(USER, leg.callerId());
        CallLeg lost = only("leg-1");
        assertEquals(List.of("FAILED", "LOSE_RACE", "user/1000"), List.of(lost.state(), lost.sipCause(), lost.dial()));
        assertEquals(Set.of("c2c"), frames().stream().map(f -> f.path("data").path("direction").asText())
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aClickToCallBeingPlacedCannotBeControlledYet() {
        control.originated = request -> {
            String session = request.variables().get("comet_session");
            assertEquals(List.of(session), List.copyOf(sessions()), "the request's row until a leg is reported");
            CometQlException placing = assertThrows(CometQlException.class, () -> calls.hangUp(DEV, session, null));
            assertTrue(placing.getMessage().endsWith("is still being placed: FreeSWITCH has not reported a leg of it yet"),
                    placing.getMessage());
            assertError(CometQlErrors.INVALID_DATA, "is still being placed", session, new CallChanges(null, "1", null));
            return CompletableFuture.failedFuture(new EslCommandException(NODE, "originate", "-ERR NO_ANSWER"));
        };
        assertThrows(CometQlException.class, () -> calls.dial(DEV, new DialRequest(USER, "1000", 2, ""), NODE,
                "user/" + BROWSER + "@d", BROWSER, Duration.ofSeconds(30)));
        assertTrue(control.sent.isEmpty());
        assertEquals("NO_ANSWER", calls.allLegs(DEV, 1).get(0).sipCause());
    }

    @Test
    void aClickToCallFreeswitchRefusesIsAnErrorAndAFailedRow() throws Exception {
        control.originated = request -> CompletableFuture.failedFuture(
                new EslCommandException(NODE, "originate ...", "-ERR USER_NOT_REGISTERED"));
        CometQlException refused = assertThrows(CometQlException.class, () -> calls.dial(DEV,
                new DialRequest(USER, "1000", 2, ""), NODE, "user/" + BROWSER + "@d", BROWSER, Duration.ofSeconds(30)));
        assertEquals("FreeSWITCH " + NODE + " refused click-to-call 1000: -ERR USER_NOT_REGISTERED",
                refused.getMessage());
        CallLeg row = calls.allLegs(DEV, 10).get(0);
        assertEquals(List.of("FAILED", "USER_NOT_REGISTERED", "1000"), List.of(row.state(), row.sipCause(), row.dial()));
        assertEquals(control.originates.get(0).variables().get("comet_session"), row.sessionId(),
                "no leg was reported: the request's own row");
        assertEquals("FAILED", frames().get(0).path("data").path("state").asText());
        assertTrue(control.originates.get(0).apiLine(null).endsWith("user/0000037@d 1000 XML default"),
                "an extension runs in the dialplan");
    }

    @Test
    void withSeveralNodesEventFramesGoToThisNodesPagesAndARefusedClickToCallToEveryNode() {
        List<String> everyNode = new ArrayList<>();
        List<String> thisNode = new ArrayList<>();
        SipCalls cluster = new SipCalls(control, (dev, user, frame) -> everyNode.add(frame.text()),
                (dev, user, frame) -> thisNode.add(frame.text()), clock, Duration.ofSeconds(300),
                Duration.ofMillis(300), Duration.ofMillis(300));
        cluster.callEvent(new CallEvent(CallEvent.Type.RING, Leg.out("a-5", "1000").sipLeg(), null));
        assertEquals(1, thisNode.size(), "every node sees FreeSWITCH's events: each tells its own pages");
        assertEquals(List.of(), everyNode);

        control.originated = request -> CompletableFuture.failedFuture(
                new EslCommandException(NODE, "originate ...", "-ERR USER_NOT_REGISTERED"));
        assertThrows(CometQlException.class, () -> cluster.dial(DEV, new DialRequest(USER, "1000", 2, ""), NODE,
                "user/" + BROWSER + "@d", BROWSER, Duration.ofSeconds(30)));
        assertEquals(1, everyNode.size(), "only this node knows the request: it tells every node");
        assertTrue(everyNode.get(0).contains("USER_NOT_REGISTERED"), everyNode.get(0));
        assertEquals(1, thisNode.size());
    }

    @Test
    void theBrowsersNumberShownIsTheDialsUser() {
        assertEquals("1000", SipCalls.shownNumber("user/1000@FSdefaultDomain"));
        assertEquals("+4930123", SipCalls.shownNumber("sofia/gateway/gw1/+4930123"));
        assertEquals("1001", SipCalls.shownNumber("1001"));
        assertNull(SipCalls.shownNumber("sofia/internal/"));
    }

    private void assertError(int code, String text, String session, CallChanges changes) {
        CometQlException e = assertThrows(CometQlException.class, () -> calls.update(DEV, session, null, changes));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    private void event(CallEvent.Type type, Leg leg) {
        calls.callEvent(new CallEvent(type, leg.sipLeg(), type == CallEvent.Type.DTMF ? "1" : null));
    }

    private CallLeg only(String session) {
        List<CallLeg> legs = calls.legs(DEV, List.of(session));
        assertEquals(1, legs.size(), legs.toString());
        return legs.get(0);
    }

    private Set<String> sessions() {
        Set<String> ids = new java.util.TreeSet<>();
        calls.allLegs(DEV, 100).forEach(l -> ids.add(l.sessionId()));
        return ids;
    }

    private List<JsonNode> frames() throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        for (String text : page.texts()) {
            frames.add(JSON.readTree(text));
        }
        return frames;
    }

    /** A SipLeg under construction, immutable like the bridge's. */
    private record Leg(String uuid, String direction, String sipUser, Map<String, String> variables,
                       String destination, String other, String peer, String peerName, CallState state,
                       Instant answered, Instant ended, String cause, String sipStatus, long billsec,
                       Map<String, String> rtp) {
        Leg(String uuid, String direction, String sipUser, Map<String, String> variables, String destination) {
            this(uuid, direction, sipUser, variables, destination, null, destination, null, CallState.RING, null,
                    null, null, null, 0, Map.of());
        }

        /** The browser calling {@code destination}: FreeSWITCH's inbound leg. */
        static Leg out(String uuid, String destination) {
            return new Leg(uuid, "inbound", BROWSER, Map.of(), destination);
        }

        /** FreeSWITCH calling the browser: an outbound leg with the dialplan's comet_* variables. */
        static Leg in(String uuid, Map<String, String> variables) {
            return new Leg(uuid, "outbound", BROWSER, variables, BROWSER);
        }

        Leg bridged(String otherLeg, String peerNumber, String name) {
            return new Leg(uuid, direction, sipUser, variables, destination, otherLeg, peerNumber, name, state,
                    answered, ended, cause, sipStatus, billsec, rtp);
        }

        Leg answered(Instant at) {
            return new Leg(uuid, direction, sipUser, variables, destination, other, peer, peerName,
                    CallState.ESTABLISHED, at, ended, cause, sipStatus, billsec, rtp);
        }

        Leg state(CallState newState) {
            return new Leg(uuid, direction, sipUser, variables, destination, other, peer, peerName, newState,
                    answered, ended, cause, sipStatus, billsec, rtp);
        }

        Leg ended(CallState end, String hangupCause, String sip, long seconds, Map<String, String> figures) {
            return new Leg(uuid, direction, sipUser, variables, destination, other, peer, peerName, end, answered,
                    T0.plusSeconds(60), hangupCause, sip, seconds, figures);
        }

        SipLeg sipLeg() {
            return new SipLeg(NODE, uuid, "sofia/internal/" + sipUser + "@127.0.0.1", direction, sipUser, sipUser, sipUser,
                    destination, other, peer, peerName, state, cause, sipStatus, variables, T0, answered, ended,
                    billsec, rtp);
        }
    }

    /** Records commands; answers each with the reply set before it (or fails, or never answers). */
    private static final class FakeControl implements SipControl {
        final List<List<String>> sent = new ArrayList<>();
        final List<OriginateRequest> originates = new ArrayList<>();
        CompletableFuture<String> next = CompletableFuture.completedFuture("+OK");
        java.util.function.Function<OriginateRequest, CompletableFuture<String>> originated =
                r -> CompletableFuture.completedFuture("originated");

        void reply(String text) {
            next = CompletableFuture.completedFuture(text);
        }

        void fail(Throwable error) {
            next = CompletableFuture.failedFuture(error);
        }

        void silent() {
            next = new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<String> callCommand(String node, CallCommand command, String uuid, String argument) {
            sent.add(List.of(node, command.name(), uuid, argument == null ? "" : argument));
            return next;
        }

        @Override
        public CompletableFuture<String> originate(String node, OriginateRequest request) {
            originates.add(request);
            return originated.apply(request);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = T0;

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
