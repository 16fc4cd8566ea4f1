package org.cometserver.esl.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.esl.transcript.Transcripts;
import org.cometserver.server.calls.SipCalls;
import org.cometserver.server.calls.SipControl;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code calls} rows and {@code sipStatus} frames of a real session: the event connection of a comet server to
 * FreeSWITCH 1.10.12 with freeswitch-conf, while browsers (JsSIP in Chromium, the js-client SIP phone) called each
 * other (testdata/README.md, {@code sip-calls/15-browser-sip-calls}), fed through the bridge's {@link CallTracker}
 * ({@link RecordedCalls}, hence this package) into {@link SipCalls}. User 12 calls user 13, who has two browsers: one
 * answers, the other loses the race; a backend holds, unholds and sends DTMF; user 12 hangs up; a click-to-call rings
 * both of 13's browsers and is hung up with DELETE; user 12 calls an extension nobody has.
 */
class SipCallsRecordingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER = "877efd1b-6a1b-4d55-bd5f-8f7a87a97ff2";
    private static final String ANSWERED = "e3f09b91-67ee-4b14-b0a0-cc10400096d8";
    private static final String LOST_RACE = "f12e416d-8767-4266-8574-67ebc4f4da2e";

    @Test
    void browserCallsFromTheRealThingBecomeRowsAndFrames() throws IOException {
        byte[] raw = Files.readAllBytes(Transcripts.directory().resolveSibling("sip-calls")
                .resolve("15-browser-sip-calls.events.raw"));
        LocalHub hub = new LocalHub();
        RecordingTransport caller = new RecordingTransport(12, "caller");
        RecordingTransport callee = new RecordingTransport(13, "callee");
        assertTrue(hub.connect(0, caller));
        assertTrue(hub.connect(0, callee));
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_796_468_500L), ZoneOffset.UTC);
        SipCalls calls = new SipCalls(new NoCommands(), hub::sendToUser, clock, Duration.ofDays(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));

        RecordedCalls.events(raw, CallTracker.BROWSER_CALLS).forEach(calls::callEvent);

        List<String> rows = calls.allLegs(0, 100).stream().map(SipCallsRecordingTest::row).toList();
        assertEquals(List.of(
                "877efd1b|12|12|FINISH|00000013|00000013|NORMAL_CLEARING|6|4.50",
                "e3f09b91|0|13|FINISH||00000012|NORMAL_CLEARING|6|4.50",
                "f12e416d|0|13|FAILED||00000012|LOSE_RACE|0|",
                "f7584485|13|13|FINISH|c79m0a5uyh7h|talker|NORMAL_CLEARING|2|4.50",
                "2a3afd16|13|13|FAILED|cgw66qzw734y|talker|LOSE_RACE|0|",
                "175de97c|12|12|FAILED|4321|4321|SUBSCRIBER_ABSENT|0|"), rows);
        CallLeg finished = calls.legs(0, List.of(CALLER)).get(0);
        assertTrue(finished.stats().startsWith("{\"rtp_audio_in_cng_packet_count\":"), finished.stats());
        assertTrue(finished.stats().contains("\"rtp_audio_in_mos\":\"4.50\""), finished.stats());

        assertEquals(List.of(
                "877efd1b RING out 00000013",
                "877efd1b ESTABLISHED out 00000013",
                "877efd1b HOLD out 00000013",
                "877efd1b ESTABLISHED out 00000013",
                "877efd1b FINISH out 00000013 NORMAL_CLEARING",
                "175de97c RING out 4321",
                "175de97c FAILED out 4321 SUBSCRIBER_ABSENT"), frames(caller)); // FreeSWITCH answered 480 itself: no sip_term_status
        List<String> toCallee = frames(callee);
        assertEquals(List.of(
                "e3f09b91 RING in 00000012",
                "f12e416d RING in 00000012",
                "e3f09b91 ESTABLISHED in 00000012",
                "f12e416d FAILED in 00000012 LOSE_RACE",
                "e3f09b91 FINISH in 00000012 NORMAL_CLEARING"), toCallee.subList(0, 5), toCallee.toString());
        assertEquals(List.of("RING", "RING", "ESTABLISHED", "FAILED LOSE_RACE", "FINISH NORMAL_CLEARING"),
                toCallee.subList(5, toCallee.size()).stream().map(f -> f.split(" ", 4)[1]
                        + (f.split(" ").length > 4 ? " " + f.split(" ")[4] : "")).toList(), "the click-to-call");
        // each leg to a browser names the registration it rang: each of 13's browsers knows its own
        assertEquals(2, callee.texts().stream().map(SipCallsRecordingTest::data)
                .filter(d -> d.path("state").asText().equals("RING") && d.path("direction").asText().equals("in"))
                .map(d -> d.path("device").asText()).distinct().filter(s -> s.matches("c[a-z0-9]{11}")).count());
        assertTrue(List.of(ANSWERED, LOST_RACE).containsAll(calls.legsOfUsers(0, List.of(13L)).stream()
                .filter(l -> l.callerId() == 0).map(CallLeg::sessionId).toList()));
    }

    /** {@code session8|caller|user|state|dial|peer|cause|duration|mos}. */
    private static String row(CallLeg l) {
        return String.join("|", l.sessionId().substring(0, 8), String.valueOf(l.callerId()), String.valueOf(l.userId()),
                l.state(), l.dial(), l.peer(), l.sipCause(), String.valueOf(l.duration()), l.mos());
    }

    /** {@code session8 STATE direction peer [cause [sip_code]]} per frame. */
    private static List<String> frames(RecordingTransport transport) {
        List<String> lines = new ArrayList<>();
        for (String text : transport.texts()) {
            JsonNode d = data(text);
            StringBuilder line = new StringBuilder(d.path("session_id").asText().substring(0, 8)).append(' ')
                    .append(d.path("state").asText()).append(' ').append(d.path("direction").asText()).append(' ')
                    .append(d.path("peer").asText());
            if (d.has("cause")) {
                line.append(' ').append(d.path("cause").asText());
            }
            if (d.has("sip_code")) {
                line.append(' ').append(d.path("sip_code").asInt());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static JsonNode data(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            assertEquals("_calls", node.path("pipe").asText());
            assertEquals("sipStatus", node.path("event").asText());
            return node.path("data");
        } catch (IOException e) {
            throw new AssertionError(frame, e);
        }
    }

    /** Nothing is sent to FreeSWITCH while a recording is replayed. */
    private static final class NoCommands implements SipControl {
        @Override
        public CompletableFuture<String> callCommand(String node, CallCommand command, String uuid, String argument) {
            throw new AssertionError("no command expected");
        }

        @Override
        public CompletableFuture<String> originate(String node, OriginateRequest request) {
            throw new AssertionError("no originate expected");
        }
    }
}
