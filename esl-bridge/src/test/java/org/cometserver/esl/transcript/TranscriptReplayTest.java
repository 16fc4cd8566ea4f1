package org.cometserver.esl.transcript;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.esl.codec.EslEventParser;
import org.cometserver.esl.codec.EslFrameDecoder;
import org.cometserver.esl.codec.EslMessage;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.esl.standin.SipDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every recording against the stand-in: the recorded client bytes ({@code NAME.client.raw}, and
 * {@code NAME.driver.client.raw} on a second connection while the first listens) are sent command by command, and what
 * the stand-in answers is compared with {@code NAME.server.raw}: each reply frame with the recorded reply to the same
 * command, each emulated event with the recorded event of the same kind, after {@link TranscriptNormaliser}; frames the
 * normaliser leaves unchanged must match byte for byte. Channel uuids a driver command reuses (from an earlier
 * originate's {@code +OK <uuid>}) are replaced by the stand-in's. Replies the stand-in does not emulate are listed in
 * {@link NotEmulated} with the reason; everything else must match.
 */
class TranscriptReplayTest {

    private static final Pattern OK_UUID = Pattern.compile("\\+OK ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\s*");
    private static final Pattern MEMBER_ID = Pattern.compile("(?m)(?:(?:^|_body\":\")([0-9]+);loopback/|Member-ID: ([0-9]+)|\"Member-ID\":\"([0-9]+)\")");

    static List<String> transcripts() {
        return Transcripts.files(".client.raw").stream()
                .filter(n -> !n.contains(".driver."))
                .map(n -> n.substring(0, n.length() - ".client.raw".length()))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void replay(String name) throws Exception {
        boolean hasDriver = Files.exists(Transcripts.directory().resolve(name + ".driver.client.raw"));
        List<EslMessage> recorded = frames(name + ".server.raw");
        List<EslMessage> recordedDriver = hasDriver ? frames(name + ".driver.server.raw") : List.of();
        Report report = new Report(name);
        try (FreeSwitchStandIn fs = FreeSwitchStandIn.start()) {
            firstMemberId(recorded, recordedDriver).ifPresent(fs::setNextMemberId);
            prepare(name, fs);
            List<String> commands = commands(name + ".client.raw");
            try (RawEslClient listener = new RawEslClient(fs.host(), fs.port())) {
                List<Integer> eventsBeforeReply = eventsBeforeEachReply(name, recorded);
                List<EslMessage> replies = new ArrayList<>();
                replies.add(listener.nextReply(10_000));
                int last = hasDriver ? commands.size() - 1 : commands.size();
                for (int i = 0; i < last; i++) {
                    replies.add(exchange(listener, commands.get(i)));
                    awaitEvents(listener, eventsBeforeReply, i + 2);
                }
                if (hasDriver) {
                    List<String> driverCommands = commands(name + ".driver.client.raw");
                    try (RawEslClient driver = new RawEslClient(fs.host(), fs.port())) {
                        List<EslMessage> driverReplies = new ArrayList<>();
                        driverReplies.add(driver.nextReply(10_000));
                        List<EslMessage> recordedDriverReplies = recordedDriver.stream().filter(f -> !EslEventParser.isEvent(f)).toList();
                        Map<String, String> uuids = new HashMap<>();
                        for (int k = 0; k < driverCommands.size(); k++) {
                            EslMessage reply = exchange(driver, substitute(driverCommands.get(k), uuids));
                            if (k + 1 < recordedDriverReplies.size()) {
                                learnUuid(recordedDriverReplies.get(k + 1), reply, uuids);
                            }
                            driverReplies.add(reply);
                        }
                        driverReplies.addAll(driver.remainingReplies(200));
                        compareReplies(report, "driver", driverCommands, recordedDriver.stream().filter(f -> !EslEventParser.isEvent(f)).toList(), driverReplies);
                    }
                    awaitEvents(listener, eventsBeforeReply, commands.size());
                    replies.add(exchange(listener, commands.get(commands.size() - 1)));
                }
                replies.addAll(listener.remainingReplies(200));
                listener.awaitClosed(2000);
                compareReplies(report, "listener", commands, recorded.stream().filter(f -> !EslEventParser.isEvent(f)).toList(), replies);
                String skipEvents = NotEmulated.events(name);
                if (skipEvents == null) {
                    compareEvents(report, recorded.stream().filter(EslEventParser::isEvent).toList(), listener.events());
                } else {
                    report.notEmulated.add("events: " + skipEvents);
                }
            }
        }
        System.out.println(report);
        assertTrue(report.mismatches.isEmpty(), report.toString());
        assertTrue(report.compared > 0, name + ": nothing compared");
    }

    /** What the recording's surroundings had that the stand-in must be told: SIP devices and directory users (14). */
    private static void prepare(String name, FreeSwitchStandIn fs) {
        if (name.startsWith("14-")) {
            fs.addDirectoryUser("1000"); // a static user of the stock directory, never registered
            fs.register("busy", SipDevice.BUSY); // the test UAS on 127.0.0.1:15090 answered 486
        }
    }

    /** The stand-in's channels get other uuids than the recording's: later commands use the stand-in's. */
    private static void learnUuid(EslMessage recorded, EslMessage actual, Map<String, String> uuids) {
        Matcher r = OK_UUID.matcher(recorded.bodyText());
        Matcher a = OK_UUID.matcher(actual.bodyText());
        if (r.matches() && a.matches()) {
            uuids.put(r.group(1), a.group(1));
        }
    }

    private static String substitute(String command, Map<String, String> uuids) {
        for (Map.Entry<String, String> u : uuids.entrySet()) {
            command = command.replace(u.getKey(), u.getValue());
        }
        return command;
    }

    /**
     * For reply frame k of the recording, how many events (of the kinds the stand-in produces) came before it: the
     * capture script waited for those before sending the next command (13d), so the replay does too.
     */
    private static List<Integer> eventsBeforeEachReply(String name, List<EslMessage> recorded) {
        List<Integer> counts = new ArrayList<>();
        int events = 0;
        for (EslMessage f : recorded) {
            if (!EslEventParser.isEvent(f)) {
                counts.add(events);
            } else if (NotEmulated.events(name) == null && NotEmulated.event(eventKey(f)) == null) {
                events++;
            }
        }
        return counts;
    }

    private static void awaitEvents(RawEslClient client, List<Integer> eventsBeforeReply, int reply) throws InterruptedException {
        if (reply >= eventsBeforeReply.size()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.events().size() < eventsBeforeReply.get(reply) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static EslMessage exchange(RawEslClient client, String command) throws Exception {
        client.send(command);
        return client.nextReply(15_000);
    }

    private static void compareReplies(Report report, String side, List<String> commands, List<EslMessage> recorded,
                                       List<EslMessage> actual) {
        assertEquals(recorded.size(), actual.size(), report.name + " " + side + ": number of reply frames");
        for (int i = 0; i < recorded.size(); i++) {
            // Frame 0 is the greeting; frame i answers command i-1; a trailing disconnect notice answers the last.
            String command = i == 0 ? "(greeting)" : firstLine(commands.get(Math.min(i - 1, commands.size() - 1)));
            String reason = NotEmulated.reply(report.name, side, command);
            if (reason != null) {
                report.notEmulated.add(side + " '" + command + "': " + reason);
                continue;
            }
            report.compare(side + " reply to '" + command + "'", recorded.get(i), actual.get(i));
        }
    }

    /**
     * Every event the stand-in sent must match a recorded one of the same kind ({@code Event-Name}, {@code Action},
     * {@code Member-ID}, {@code Job-Command-Arg}); conference events must match in recorded order. Recorded events the
     * stand-in does not produce must be of a kind {@link NotEmulated#event} names.
     */
    private static void compareEvents(Report report, List<EslMessage> recorded, List<EslMessage> actual) {
        boolean[] used = new boolean[recorded.size()];
        int lastMaintenance = -1;
        for (EslMessage event : actual) {
            String key = eventKey(event);
            int match = -1;
            for (int i = 0; i < recorded.size(); i++) {
                if (!used[i] && eventKey(recorded.get(i)).equals(key)) {
                    match = i;
                    break;
                }
            }
            if (match < 0) {
                report.mismatches.add("event not in the recording: " + key);
                continue;
            }
            used[match] = true;
            if (key.contains("conference::maintenance")) {
                if (match < lastMaintenance) {
                    report.mismatches.add("event out of recorded order: " + key);
                }
                lastMaintenance = match;
            }
            report.compare("event " + key, recorded.get(match), event);
        }
        for (int i = 0; i < recorded.size(); i++) {
            if (!used[i]) {
                String key = eventKey(recorded.get(i));
                String reason = NotEmulated.event(key);
                if (reason == null) {
                    report.mismatches.add("recorded event not produced: " + key);
                } else {
                    report.notEmulated.add("event " + key + ": " + reason);
                }
            }
        }
    }

    private static String eventKey(EslMessage frame) {
        var e = EslEventParser.parse(frame);
        return String.join(" ", String.valueOf(e.name()), String.valueOf(e.subclass()), String.valueOf(e.get("Action")),
                String.valueOf(e.get("Member-ID")), String.valueOf(e.get("Job-Command-Arg")));
    }

    private static java.util.Optional<Integer> firstMemberId(List<EslMessage> a, List<EslMessage> b) {
        int min = Integer.MAX_VALUE;
        for (EslMessage f : concat(a, b)) {
            Matcher m = MEMBER_ID.matcher(new String(f.body(), StandardCharsets.UTF_8));
            while (m.find()) {
                String id = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                min = Math.min(min, Integer.parseInt(id));
            }
        }
        return min == Integer.MAX_VALUE ? java.util.Optional.empty() : java.util.Optional.of(min);
    }

    private static List<EslMessage> concat(List<EslMessage> a, List<EslMessage> b) {
        List<EslMessage> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The recorded client bytes split into command blocks, each with its terminating blank line. */
    private static List<String> commands(String file) {
        String raw = new String(Transcripts.read(file), StandardCharsets.UTF_8);
        return Arrays.stream(raw.split("\n\n")).filter(b -> !b.isBlank()).map(b -> b.strip() + "\n\n").toList();
    }

    private static String firstLine(String block) {
        return block.split("\n", 2)[0];
    }

    static List<EslMessage> frames(String file) {
        EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(Transcripts.read(file)));
        List<EslMessage> frames = new ArrayList<>();
        EslMessage m;
        while ((m = ch.readInbound()) != null) {
            frames.add(m);
        }
        ch.finishAndReleaseAll();
        return frames;
    }

    private static final class Report {
        final String name;
        final List<String> mismatches = new ArrayList<>();
        final List<String> notEmulated = new ArrayList<>();
        int compared;
        int exact;

        Report(String name) {
            this.name = name;
        }

        void compare(String what, EslMessage recorded, EslMessage actual) {
            compared++;
            String expected = TranscriptNormaliser.normalise(recorded);
            String got = TranscriptNormaliser.normalise(actual);
            if (!expected.equals(got)) {
                mismatches.add(what + "\n--- recorded (normalised)\n" + expected + "\n--- stand-in (normalised)\n" + got);
            } else if (expected.equals(TranscriptNormaliser.text(recorded))) {
                // Nothing to mask: FreeSWITCH's output is deterministic here, so the bytes must be identical.
                if (!TranscriptNormaliser.text(recorded).equals(TranscriptNormaliser.text(actual))) {
                    mismatches.add(what + ": not byte-identical");
                } else {
                    exact++;
                }
            }
        }

        @Override
        public String toString() {
            return name + ": " + compared + " frames compared (" + exact + " byte-identical, " + (compared - exact)
                    + " after masking), " + notEmulated.size() + " not emulated, " + mismatches.size() + " mismatches"
                    + (mismatches.isEmpty() ? "" : "\n" + String.join("\n", mismatches));
        }
    }
}
