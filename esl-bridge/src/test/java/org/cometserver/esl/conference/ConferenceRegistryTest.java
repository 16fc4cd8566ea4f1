package org.cometserver.esl.conference;

import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.spi.ConferenceListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry fed with the events FreeSWITCH really sent (recordings 05 and 07b). */
class ConferenceRegistryTest {

    private final List<String> notices = new ArrayList<>();
    // Run notices inline: the test reads them right after apply().
    private final ConferenceRegistry registry = new ConferenceRegistry(Runnable::run,
            Clock.fixed(Instant.parse("2026-11-21T12:13:30Z"), ZoneOffset.UTC));

    ConferenceRegistryTest() {
        registry.addListener(new ConferenceListener() {
            @Override
            public void memberJoined(Member m) {
                notices.add("joined " + m.memberId() + " " + m.callerIdName() + " " + m.callerIdNumber());
            }

            @Override
            public void memberLeft(Member m) {
                notices.add("left " + m.memberId());
            }

            @Override
            public void memberChanged(Member before, Member after) {
                notices.add("changed " + after.memberId());
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"05-conference-maintenance-plain.server.raw", "05-conference-maintenance-json.server.raw"})
    void recordedMaintenanceScenario(String file) {
        List<EslEvent> events = RecordedEvents.events(file);
        assertEquals(25, events.size());
        // The plain run's members are 5 and 6, the json run's 7 and 8 (one id counter per FreeSWITCH process).
        int a = Integer.parseInt(events.get(2).get("Member-ID"));
        int b = a + 1;
        // Events 1..6: conference created, Alice and Bob joined.
        events.subList(0, 6).forEach(e -> registry.apply("fs1", e));
        Conference conf = registry.snapshot().find("fs1", "3000").orElseThrow();
        assertEquals("default", conf.profile());
        assertEquals(List.of(a, b), conf.members().stream().map(Member::memberId).toList());
        Member alice = conf.member(a).orElseThrow();
        assertEquals("Alice", alice.callerIdName());
        assertEquals("1001", alice.callerIdNumber());
        assertTrue(alice.hasFloor());
        long micros = Long.parseLong(events.get(2).get("Event-Date-Timestamp"));
        assertEquals(Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1_000), alice.joinedAt(), "Event-Date-Timestamp");
        // 7: Bob starts talking.
        registry.apply("fs1", events.get(6));
        assertTrue(member(b).talking());
        assertTrue(member(b).lastTalkingAt().isAfter(alice.joinedAt()));
        // 8..12: floor to Bob, stop/start/stop talking.
        events.subList(7, 12).forEach(e -> registry.apply("fs1", e));
        assertTrue(member(b).hasFloor());
        assertFalse(member(a).hasFloor());
        assertFalse(member(b).talking());
        // 13: Alice muted; 14: unmuted.
        registry.apply("fs1", events.get(12));
        assertTrue(member(a).muted());
        registry.apply("fs1", events.get(13));
        assertFalse(member(a).muted());
        // 15..19: Bob kicked, floor back to Alice.
        events.subList(14, 19).forEach(e -> registry.apply("fs1", e));
        assertEquals(List.of(a), registry.snapshot().find("fs1", "3000").orElseThrow().members().stream().map(Member::memberId).toList());
        assertTrue(member(a).hasFloor());
        // The rest: Alice hung up, conference destroyed.
        events.subList(19, 25).forEach(e -> registry.apply("fs1", e));
        assertTrue(registry.snapshot().conferences().isEmpty());
        assertEquals("joined " + a + " Alice 1001", notices.get(0));
        assertTrue(notices.contains("joined " + b + " Bob 1002"));
        assertTrue(notices.indexOf("left " + b) < notices.indexOf("left " + a));
        assertEquals("left " + a, notices.get(notices.size() - 1));
    }

    @Test
    void recordedBrowserWithVideoJoinsAndIsKicked() {
        List<EslEvent> events = RecordedEvents.events("07b-webrtc-video-member-join-kick.server.raw");
        Member seen = null;
        for (EslEvent e : events) {
            registry.apply("fs1", e);
            var conf = registry.snapshot().find("fs1", "0*3000-127.0.0.1");
            if (conf.isPresent() && !conf.get().members().isEmpty()) {
                seen = conf.get().members().get(0);
            }
        }
        assertEquals("0000005", seen.callerIdName());
        assertEquals(3, seen.memberId());
        assertTrue(seen.hasVideo());
        assertTrue(registry.snapshot().conferences().isEmpty());
        assertEquals(List.of("joined 3 0000005 0000005"), notices.subList(0, 1));
        assertEquals("left 3", notices.get(notices.size() - 1));
    }

    static List<String> recordingsWithConferenceEvents() {
        return org.cometserver.esl.transcript.Transcripts.files(".server.raw").stream()
                .filter(f -> RecordedEvents.events(f).stream().anyMatch(e -> e.is(EslEvent.CUSTOM, ConferenceRegistry.MAINTENANCE)))
                .toList();
    }

    /**
     * Every capture ends with everybody kicked or hung up: fed all its events, the registry must end empty, and every
     * member that joined must have left exactly once.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("recordingsWithConferenceEvents")
    void everyRecordingEndsWithNoConferenceAndBalancedNotices(String file) {
        RecordedEvents.events(file).forEach(e -> registry.apply("fs1", e));
        assertTrue(registry.snapshot().conferences().isEmpty(), file + ": " + registry.snapshot());
        long joined = notices.stream().filter(n -> n.startsWith("joined ")).count();
        long left = notices.stream().filter(n -> n.startsWith("left ")).count();
        assertTrue(joined > 0, file);
        assertEquals(joined, left, file + ": " + notices);
    }

    @Test
    void resyncReplacesOneNodeAndReportsOnlyDifferences() {
        registry.replaceNode("fs1", List.of(conference("fs1", "3000", 1, 2)));
        registry.replaceNode("fs2", List.of(conference("fs2", "3000", 1)));
        notices.clear();
        registry.replaceNode("fs1", List.of(conference("fs1", "3000", 2, 3)));
        assertEquals(List.of("joined 3 n3 3", "left 1"), notices);
        assertEquals(2, registry.snapshot().named("3000").size());
        assertEquals(3, registry.snapshot().members().size());
    }

    @Test
    void eventsOfOtherKindsAreIgnored() {
        List<EslEvent> events = RecordedEvents.events("04-bgapi-originate.server.raw");
        events.forEach(e -> registry.apply("fs1", e));
        assertTrue(registry.snapshot().conferences().isEmpty());
        assertTrue(notices.isEmpty());
    }

    private Member member(int id) {
        return registry.snapshot().find("fs1", "3000").orElseThrow().member(id).orElseThrow();
    }

    private static Conference conference(String node, String name, int... ids) {
        List<Member> members = new ArrayList<>();
        for (int id : ids) {
            members.add(new Member(node, name, id, "uuid-" + id, Integer.toString(id), "n" + id, Instant.EPOCH, null,
                    false, false, false, false, false, false));
        }
        return new Conference(node, name, "conf-uuid", null, members);
    }
}
