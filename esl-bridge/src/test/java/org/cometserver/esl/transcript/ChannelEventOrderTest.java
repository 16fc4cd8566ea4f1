package org.cometserver.esl.transcript;

import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.codec.EslEventParser;
import org.cometserver.esl.codec.EslMessage;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.esl.standin.SipDevice;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stand-in's channel events for the commands of recordings 12b (a SIP leg originated and bridged to a loopback call,
 * held, unheld, toggled, sent DTMF, killed) and 14 (failed bridges), in the recorded order: each event reduced to its
 * name, the leg (numbered by
 * first appearance, so uuids need not match), {@code Answer-State}, {@code Channel-Call-State}, {@code Hangup-Cause} and
 * the other leg; and each event with the recorded headers in the recorded order ({@link #assertSameHeaders}).
 * {@code CHANNEL_EXECUTE} is not emulated (dialplan applications) and left out of both sides.
 */
class ChannelEventOrderTest {

    private static final Pattern OK_UUID = Pattern.compile("\\+OK ([0-9a-f-]{36})\\s*");

    @Test
    void sipHoldScenarioInRecordedOrder() throws Exception {
        replay("12b-call-control-sip-hold", Integer.MAX_VALUE, Integer.MAX_VALUE, fs -> {
        });
    }

    /**
     * 12, the first call up to {@code uuid_send_dtmf}: loopback legs bridged to loopback legs, the digits coming out of
     * the other half of the loopback pair (no {@code CHANNEL_CALLSTATE} subscribed).
     */
    @Test
    void loopbackBridgeInRecordedOrder() throws Exception {
        replay("12-call-control-loopback", 5, 12, fs -> {
        });
    }

    /**
     * 14, up to the background originate: a bridge to a user without registration (the answered A-leg ends with
     * USER_NOT_REGISTERED, no B-leg), a bridge to a SIP device answering 180 then 486 (B-leg: PROGRESS, USER_BUSY; then
     * the A-leg). The 31 channel events of those commands; the rest of 14 goes through the stock dialplan's catch-all.
     */
    @Test
    void failedBridgesInRecordedOrder() throws Exception {
        replay("14-call-failures", 6, 31, fs -> {
            fs.addDirectoryUser("1000");
            fs.register("busy", SipDevice.BUSY);
        });
    }

    /**
     * @param driverCommandCount how many blocks of the driver's recording to send ({@code auth} is the first)
     * @param eventCount         how many of the recorded channel events those commands caused
     */
    private void replay(String name, int driverCommandCount, int eventCount, Consumer<FreeSwitchStandIn> prepare) throws Exception {
        List<String> recorded = keys(TranscriptReplayTest.frames(name + ".server.raw").stream()
                .filter(EslEventParser::isEvent).map(EslEventParser::parse).toList());
        recorded = recorded.subList(0, Math.min(eventCount, recorded.size()));
        List<String> listenerCommands = blocks(name + ".client.raw");
        List<String> allDriverCommands = blocks(name + ".driver.client.raw");
        List<String> driverCommands = allDriverCommands.subList(0, Math.min(driverCommandCount, allDriverCommands.size()));
        try (FreeSwitchStandIn fs = FreeSwitchStandIn.start();
             RawEslClient listener = new RawEslClient(fs.host(), fs.port());
             RawEslClient driver = new RawEslClient(fs.host(), fs.port())) {
            prepare.accept(fs);
            listener.nextReply(10_000);
            listener.send(listenerCommands.get(0));
            listener.nextReply(10_000);
            listener.send(listenerCommands.get(1)); // event json CHANNEL_CREATE ...
            listener.nextReply(10_000);
            driver.nextReply(10_000);
            Map<String, String> uuids = new HashMap<>();
            List<EslMessage> recordedReplies = TranscriptReplayTest.frames(name + ".driver.server.raw");
            for (int i = 0; i < driverCommands.size(); i++) {
                String command = driverCommands.get(i);
                for (Map.Entry<String, String> u : uuids.entrySet()) {
                    command = command.replace(u.getKey(), u.getValue());
                }
                driver.send(command);
                EslMessage reply = driver.nextReply(10_000);
                Matcher recordedUuid = OK_UUID.matcher(recordedReplies.get(i + 1).bodyText());
                Matcher actualUuid = OK_UUID.matcher(reply.bodyText());
                if (command.startsWith("api originate") && recordedUuid.matches() && actualUuid.matches()) {
                    uuids.put(recordedUuid.group(1), actualUuid.group(1));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (keys(events(listener)).size() < recorded.size() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50); // an event too many would arrive right behind the last expected one
            assertEquals(String.join("\n", recorded), String.join("\n", keys(events(listener))));
            assertSameHeaders(name, events(listener));
        }
    }

    /**
     * Event by event, the stand-in writes the headers FreeSWITCH wrote, in its order (all but the channel variables),
     * and no channel variable FreeSWITCH did not write in that event (it writes fewer: no SDP, codec or SIP dialogue
     * details).
     */
    private static void assertSameHeaders(String name, List<EslEvent> actual) throws Exception {
        List<EslEvent> recorded = TranscriptReplayTest.frames(name + ".server.raw").stream().filter(EslEventParser::isEvent)
                .map(EslEventParser::parse).filter(ChannelEventOrderTest::isChannelEvent).toList();
        List<EslEvent> emulated = actual.stream().filter(ChannelEventOrderTest::isChannelEvent).toList();
        for (int i = 0; i < emulated.size(); i++) {
            EslEvent r = recorded.get(i);
            EslEvent a = emulated.get(i);
            String what = name + " event " + i + " " + r.name() + " " + r.get("Channel-Name");
            assertEquals(names(r, false), names(a, false), what);
            List<String> extra = new ArrayList<>(names(a, true));
            extra.removeAll(names(r, true));
            assertEquals(List.of(), extra, what + ": variables FreeSWITCH did not write");
        }
    }

    private static boolean isChannelEvent(EslEvent e) {
        return (e.name().startsWith("CHANNEL_") || e.name().equals("DTMF")) && !e.name().equals("CHANNEL_EXECUTE");
    }

    private static List<String> names(EslEvent e, boolean variables) {
        return e.headers().entries().stream().map(Map.Entry::getKey).filter(k -> k.startsWith("variable_") == variables).toList();
    }

    private static List<EslEvent> events(RawEslClient client) {
        return client.events().stream().map(EslEventParser::parse).toList();
    }

    /** One line per channel event; legs numbered L1, L2, ... in order of first appearance. */
    static List<String> keys(List<EslEvent> events) {
        Map<String, String> legs = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (EslEvent e : events) {
            String n = e.name();
            if (!(n.startsWith("CHANNEL_") || n.equals("DTMF")) || n.equals("CHANNEL_EXECUTE")) {
                continue;
            }
            String leg = legs.computeIfAbsent(e.get("Unique-ID"), u -> "L" + (legs.size() + 1));
            String other = e.get("Other-Leg-Unique-ID");
            keys.add(String.join(" ", n, leg, e.get("Answer-State"), e.get("Channel-Call-State"),
                    String.valueOf(e.get("Hangup-Cause")),
                    other == null ? "-" : legs.computeIfAbsent(other, u -> "L" + (legs.size() + 1)),
                    String.valueOf(e.get("DTMF-Digit"))));
        }
        return keys;
    }

    private static List<String> blocks(String file) {
        String raw = new String(Transcripts.read(file), StandardCharsets.UTF_8);
        return Arrays.stream(raw.split("\n\n")).filter(b -> !b.isBlank()).map(b -> b.strip() + "\n\n").toList();
    }
}
