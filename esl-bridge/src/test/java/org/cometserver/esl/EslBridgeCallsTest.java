package org.cometserver.esl;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.cometserver.esl.call.CallCommand;
import org.cometserver.esl.call.CallEvent;
import org.cometserver.esl.call.CallState;
import org.cometserver.esl.call.OriginateRequest;
import org.cometserver.esl.call.SipLeg;
import org.cometserver.esl.client.ReconnectPolicy;
import org.cometserver.esl.spi.CallListener;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.esl.standin.SipDevice;
import org.cometserver.esl.standin.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.cometserver.esl.EslBridgeTest.failure;
import static org.cometserver.esl.EslBridgeTest.refusal;
import static org.cometserver.esl.EslBridgeTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIP calls through the bridge against the stand-in: browser users ({@code 0000005} = dev 0, user 5; {@code 0000007})
 * calling a SIP phone ({@code 1000}) and being called by it, click-to-call, hold/unhold, DTMF both ways, transfer,
 * hangup, busy/unknown/unregistered destinations, FreeSWITCH's refusals, and calls that end while the node is away.
 */
class EslBridgeCallsTest {

    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.5);
    private static final String ALICE = "0000005";
    private static final String CAROL = "0000007";
    private static final String PHONE = "1000";

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private FreeSwitchStandIn fs;
    private EventLoopGroup group;
    private ExecutorService callbacks;
    private EslBridge bridge;

    private void start(EventFormat format) throws InterruptedException {
        fs = FreeSwitchStandIn.start(FreeSwitchStandIn.DEFAULT_PASSWORD, clock);
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("esl-test-io"), NioIoHandler.newFactory());
        callbacks = Executors.newSingleThreadExecutor(new DefaultThreadFactory("esl-callbacks"));
        bridge = new EslBridge(EslBridgeConfig.of(List.of(fs.nodeConfig("fs1"))).withReconnect(FAST).withEventFormat(format)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)), group, NioSocketChannel.class, callbacks);
        bridge.addCallListener(new CallListener() {
            @Override
            public void callEvent(CallEvent event) {
                threads.add(Thread.currentThread().getName());
                events.add(event);
            }
        });
        bridge.start();
        waitFor(() -> bridge.health("fs1").orElseThrow().isUp());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        EslBridgeTest.closeAll(bridge, group, callbacks, fs);
    }

    /** Browser → SIP phone: rings, established, held, unheld, DTMF both ways, hung up from the server: FINISH with duration. */
    @ParameterizedTest
    @EnumSource(EventFormat.class)
    void browserCallsPhone(EventFormat format) throws Exception {
        start(format);
        fs.register(PHONE, SipDevice.RING);
        String alice = fs.call(ALICE, "Alice", PHONE);
        awaitEvent(CallEvent.Type.RING, alice);
        SipLeg ringing = last(alice);
        assertEquals(ALICE, ringing.sipUser());
        assertEquals("inbound", ringing.direction());
        assertEquals(PHONE, ringing.peerNumber());
        assertEquals(1, events.size(), "the phone's leg is not a browser user's: not reported");

        String phoneLeg = fs.legsOf(PHONE).get(0);
        clock.advance(Duration.ofSeconds(3));
        assertTrue(fs.answer(phoneLeg));
        awaitEvent(CallEvent.Type.ESTABLISHED, alice);
        waitFor(() -> phoneLeg.equals(last(alice).otherLegUuid()));
        assertEquals(PHONE, last(alice).peerNumber());

        assertEquals("+OK Success", bridge.callCommand("fs1", CallCommand.HOLD, alice, null).get(10, TimeUnit.SECONDS));
        awaitEvent(CallEvent.Type.HOLD, alice);
        assertTrue(fs.isHeld(alice));
        assertEquals(CallState.HOLD, bridge.callLeg("fs1", alice).orElseThrow().state());
        assertEquals("-ERR Operation failed", refusal(bridge.callCommand("fs1", CallCommand.HOLD, alice, "")).reply());
        assertEquals("+OK Success", bridge.callCommand("fs1", CallCommand.UNHOLD, alice, null).get(10, TimeUnit.SECONDS));
        awaitEvent(CallEvent.Type.UNHOLD, alice);
        assertEquals(CallState.ESTABLISHED, last(alice).state());
        assertEquals("-ERR Operation failed", refusal(bridge.callCommand("fs1", CallCommand.UNHOLD, alice, null)).reply());

        assertEquals("+OK " + alice + " sent DTMF 12#.", bridge.callCommand("fs1", CallCommand.SEND_DTMF, alice, "12#").get(10, TimeUnit.SECONDS));
        assertTrue(fs.sendDtmfFromDevice(alice, "5*"));
        waitFor(() -> events.stream().filter(e -> e.type() == CallEvent.Type.DTMF).count() == 2);
        assertEquals(List.of("5", "*"), events.stream().filter(e -> e.type() == CallEvent.Type.DTMF).map(CallEvent::digit).toList());

        clock.advance(Duration.ofSeconds(42));
        assertEquals("+OK", bridge.callCommand("fs1", CallCommand.KILL, alice, null).get(10, TimeUnit.SECONDS));
        awaitEvent(CallEvent.Type.FINISH, alice);
        SipLeg done = last(alice);
        assertEquals(CallState.FINISH, done.state());
        assertEquals("NORMAL_CLEARING", done.hangupCause());
        assertEquals(42, done.billsec());
        assertEquals(Instant.parse("2026-12-05T10:00:03Z"), done.answered());
        assertEquals(Instant.parse("2026-12-05T10:00:45Z"), done.ended());
        assertEquals("4.50", done.rtpStats().get("rtp_audio_in_mos"));
        assertEquals("2100", done.rtpStats().get("rtp_audio_out_packet_count"), "50 packets a second for 42 s");
        assertEquals(List.of(), bridge.callLegs());
        assertEquals(List.of(), fs.channelUuids());
        assertTrue(threads.stream().allMatch(t -> t.startsWith("esl-callbacks")), threads.toString());
        assertEquals(List.of("RING", "ESTABLISHED", "PEER", "HOLD", "UNHOLD", "DTMF", "DTMF", "FINISH"),
                events.stream().map(e -> e.type().name()).toList());
    }

    /** SIP phone → browser: the browser's leg rings with the caller's number and name; the phone hangs up. */
    @Test
    void phoneCallsBrowser() throws Exception {
        start(EventFormat.PLAIN);
        fs.register(CAROL, SipDevice.RING);
        String phone = fs.call(PHONE, "Bob Phone", CAROL);
        waitFor(() -> !fs.legsOf(CAROL).isEmpty());
        String carol = fs.legsOf(CAROL).get(0);
        awaitEvent(CallEvent.Type.RING, carol);
        SipLeg ringing = last(carol);
        assertEquals("outbound", ringing.direction());
        assertEquals(CAROL, ringing.sipUser());
        assertEquals(PHONE, ringing.peerNumber());
        assertEquals("Bob Phone", ringing.peerName());
        assertEquals(phone, ringing.otherLegUuid());

        assertTrue(fs.answer(carol));
        awaitEvent(CallEvent.Type.ESTABLISHED, carol);
        clock.advance(Duration.ofSeconds(7));
        assertTrue(fs.hangUpChannel(phone));
        awaitEvent(CallEvent.Type.FINISH, carol);
        assertEquals(7, last(carol).billsec());
        assertEquals(List.of(), fs.channelUuids());
    }

    /** The callee is busy, does not exist, or the browser gave up while it rang: FAILED with the cause and SIP status. */
    @Test
    void failedCalls() throws Exception {
        start(EventFormat.JSON);
        fs.register(PHONE, SipDevice.BUSY);
        String busy = fs.call(ALICE, "Alice", PHONE);
        awaitEvent(CallEvent.Type.FAILED, busy);
        assertEquals("USER_BUSY", last(busy).hangupCause());
        assertEquals("486", last(busy).sipStatus());
        assertNull(last(busy).answered());

        String unknown = fs.call(ALICE, "Alice", "5555");
        awaitEvent(CallEvent.Type.FAILED, unknown);
        assertEquals("NO_ROUTE_DESTINATION", last(unknown).hangupCause());
        assertEquals("404", last(unknown).sipStatus());

        fs.register(PHONE, SipDevice.RING);
        String cancelled = fs.call(ALICE, "Alice", PHONE);
        awaitEvent(CallEvent.Type.RING, cancelled);
        assertTrue(fs.hangUpChannel(cancelled));
        awaitEvent(CallEvent.Type.FAILED, cancelled);
        assertEquals("ORIGINATOR_CANCEL", last(cancelled).hangupCause());
        waitFor(() -> fs.channelUuids().isEmpty());
    }

    /** Click-to-call: the browser rings first (our uuid and variables), answers, then the phone is bridged in. */
    @Test
    void clickToCall() throws Exception {
        start(EventFormat.PLAIN);
        fs.register(ALICE, SipDevice.RING);
        fs.register(PHONE, SipDevice.ANSWER);
        String uuid = "c0ffee00-0000-4000-8000-000000000005";
        CompletableFuture<String> answered = bridge.originate("fs1", OriginateRequest.of(uuid, "user/" + ALICE + "@127.0.0.1",
                "user/" + PHONE, Map.of("comet_dev_id", "0", "comet_user_id", "5")).withCallerId(PHONE, "Call to 1000"));
        awaitEvent(CallEvent.Type.RING, uuid);
        assertEquals(Map.of("comet_dev_id", "0", "comet_user_id", "5"), last(uuid).variables());
        assertEquals("5", last(uuid).variable("comet_user_id"));
        assertFalse(answered.isDone(), "originate answers when the browser answered");
        assertTrue(fs.answer(uuid));
        assertEquals(uuid, answered.get(10, TimeUnit.SECONDS));
        awaitEvent(CallEvent.Type.ESTABLISHED, uuid);
        waitFor(() -> last(uuid).otherLegUuid() != null);
        assertEquals(PHONE, last(uuid).peerNumber());
        assertTrue(fs.hangUpChannel(last(uuid).otherLegUuid()));
        awaitEvent(CallEvent.Type.FINISH, uuid);
    }

    @Test
    void clickToCallFailures() throws Exception {
        start(EventFormat.PLAIN);
        EslCommandException notRegistered = refusal(bridge.originate("fs1",
                OriginateRequest.of(null, "user/" + ALICE, "user/" + PHONE, Map.of("comet_user_id", "5"))));
        assertEquals("-ERR USER_NOT_REGISTERED", notRegistered.reply());

        fs.register(ALICE, SipDevice.ANSWER);
        fs.register(PHONE, SipDevice.BUSY);
        String uuid = bridge.originate("fs1", OriginateRequest.of(null, "user/" + ALICE, "user/" + PHONE,
                Map.of("comet_user_id", "5"))).get(10, TimeUnit.SECONDS);
        awaitEvent(CallEvent.Type.FAILED, uuid);
        assertEquals("USER_BUSY", last(uuid).hangupCause(), "answered, but the callee was busy: the call failed");

        fs.register(ALICE, SipDevice.DECLINE);
        assertEquals("-ERR CALL_REJECTED", refusal(bridge.originate("fs1",
                OriginateRequest.of(null, "user/" + ALICE, "user/" + PHONE, Map.of("comet_user_id", "5")))).reply());
        assertInstanceOf(IllegalArgumentException.class, failure(bridge.originate("fs1",
                OriginateRequest.of(null, "user/" + ALICE, "user/1000 &park", Map.of()))));
    }

    /** uuid_transfer of the browser's leg: its phone leg is dropped and it is bridged to the new destination. */
    @Test
    void transfer() throws Exception {
        start(EventFormat.JSON);
        fs.register(PHONE, SipDevice.ANSWER);
        fs.register("1001", SipDevice.ANSWER);
        String alice = fs.call(ALICE, "Alice", PHONE);
        waitFor(() -> last(alice) != null && last(alice).otherLegUuid() != null);
        String phoneLeg = last(alice).otherLegUuid();
        assertEquals("+OK", bridge.callCommand("fs1", CallCommand.TRANSFER, alice, "1001 XML default").get(10, TimeUnit.SECONDS));
        waitFor(() -> last(alice).otherLegUuid() != null && !phoneLeg.equals(last(alice).otherLegUuid()));
        assertEquals("1001", last(alice).peerNumber());
        assertFalse(fs.channelUuids().contains(phoneLeg));
        assertEquals(CallState.ESTABLISHED, last(alice).state());
    }

    /** FreeSWITCH's refusals, and what the bridge refuses before sending anything. */
    @Test
    void refusals() throws Exception {
        start(EventFormat.PLAIN);
        String nobody = "00000000-0000-4000-8000-000000000000";
        assertEquals("-ERR No such channel!", refusal(bridge.callCommand("fs1", CallCommand.KILL, nobody, null)).reply());
        assertEquals("-ERR No such channel!", refusal(bridge.callCommand("fs1", CallCommand.TRANSFER, nobody, "1000")).reply());
        assertEquals("-ERR Cannot locate session!", refusal(bridge.callCommand("fs1", CallCommand.SEND_DTMF, nobody, "1")).reply());
        // uuid_hold would answer +OK Success for a channel that does not exist (13): refused here, never sent
        assertEquals("-ERR No such channel!", refusal(bridge.callCommand("fs1", CallCommand.HOLD, nobody, null)).reply());
        assertEquals("-ERR No such channel!", refusal(bridge.callCommand("fs1", CallCommand.UNHOLD, nobody, null)).reply());
        assertInstanceOf(IllegalArgumentException.class, failure(bridge.callCommand("fs1", CallCommand.SEND_DTMF, nobody, "1;api")));
        assertInstanceOf(IllegalArgumentException.class, failure(bridge.callCommand("fs2", CallCommand.KILL, nobody, null)));
        assertTrue(fs.receivedCommands().stream().noneMatch(c -> c.contains("uuid_hold") || c.contains("1;api")),
                fs.receivedCommands().toString());
    }

    /** A call that ended while the bridge was disconnected is reported LOST once the node is back. */
    @Test
    void callEndedWhileDisconnected() throws Exception {
        start(EventFormat.PLAIN);
        fs.register(PHONE, SipDevice.ANSWER);
        String alice = fs.call(ALICE, "Alice", PHONE);
        awaitEvent(CallEvent.Type.ESTABLISHED, alice);
        String kept = fs.call(ALICE, "Alice", PHONE);
        awaitEvent(CallEvent.Type.ESTABLISHED, kept);
        fs.stopListening();
        fs.dropAllConnections();
        waitFor(() -> !bridge.health("fs1").orElseThrow().isUp());
        assertTrue(fs.hangUpChannel(alice));
        fs.startListening();
        awaitEvent(CallEvent.Type.LOST, alice);
        assertEquals(CallState.FINISH, last(alice).state());
        assertEquals(List.of(kept), bridge.callLegs().stream().map(SipLeg::uuid).toList(), "the live call is kept");
        assertTrue(events.stream().noneMatch(e -> e.type() == CallEvent.Type.LOST && e.leg().uuid().equals(kept)));
    }

    private void awaitEvent(CallEvent.Type type, String uuid) throws InterruptedException {
        waitFor(() -> events.stream().anyMatch(e -> e.type() == type && e.leg().uuid().equals(uuid)));
    }

    /** The leg as the last event about it showed it, or null. */
    private SipLeg last(String uuid) {
        SipLeg leg = null;
        for (CallEvent e : events) {
            if (e.leg().uuid().equals(uuid)) {
                leg = e.leg();
            }
        }
        return leg;
    }
}
