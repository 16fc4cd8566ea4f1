package org.cometserver.esl.conference;

import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.spi.ConferenceListener;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Conference-level events FreeSWITCH really sent (recordings 11 and 20) reach {@link ConferenceListener#conferenceAction}. */
class ConferenceActionsTest {
    private final List<String> actions = new ArrayList<>();
    private final ConferenceRegistry registry = new ConferenceRegistry(Runnable::run,
            Clock.fixed(Instant.parse("2026-11-21T12:13:30Z"), ZoneOffset.UTC));

    ConferenceActionsTest() {
        registry.addListener(new ConferenceListener() {
            @Override
            public void memberJoined(Member member) {
                actions.add("joined " + member.memberId());
            }

            @Override
            public void memberLeft(Member member) {
                actions.add("left " + member.memberId());
            }

            @Override
            public void memberChanged(Member before, Member after) {
            }

            @Override
            public void conferenceAction(ConferenceAction a) {
                actions.add(a.action() + (a.path() == null ? "" : " " + a.path())
                        + (a.fileSize() < 0 ? "" : " " + a.fileSize()) + (a.error() == null ? "" : " (" + a.error() + ")"));
            }
        });
    }

    @Test
    void recordingsOfAnAudioRoom() {
        apply("11-conference-recording.server.raw");
        assertEquals(List.of("conference-create", "joined 55", "joined 56",
                "start-recording /var/esl-rec-3011.wav", "stop-recording /var/esl-rec-3011.wav 64474",
                "start-recording /var/esl-rec-3011b.wav", "stop-recording /var/esl-rec-3011b.wav 32794",
                "start-recording /var/esl-rec-3011.nosuchformat (File could not be opened for recording)",
                "stop-recording /var/esl-rec-3011.nosuchformat", "left 55", "left 56", "conference-destroy"), actions);
    }

    @Test
    void aVideoMuxRoomsRecordingPathLosesTheRecordersVariables() {
        apply("20-conference-room-control.server.raw");
        assertEquals(List.of("conference-create", "joined 5", "joined 6", "lock", "unlock",
                "start-recording /tmp/esl-rec-3015.wav", "stop-recording /tmp/esl-rec-3015.wav 387994", "left 5",
                "left 6", "conference-destroy"), actions);
    }

    private void apply(String file) {
        for (EslEvent event : RecordedEvents.events(file)) {
            registry.apply("fs1", event);
        }
    }
}
