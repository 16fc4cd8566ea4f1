package org.cometserver.esl.call;

import org.cometserver.esl.transcript.Transcripts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call events the tracker derives from real FreeSWITCH 1.10.12 event streams (recordings 12, 12b, 13), with every
 * channel counted as a call leg (none of the recorded legs is a browser user's), and with the production filter.
 */
class CallTrackerRecordingTest {

    private static final String LOOPBACK = "12-call-control-loopback.server.raw";
    private static final String SIP_HOLD = "12b-call-control-sip-hold.server.raw";
    private static final String FAILURES = "13-failure-views.server.raw";
    private static final String CALL_FAILURES = "14-call-failures.server.raw";

    /** 12b: a SIP leg (bob) answered, bridged to a loopback call, held, unheld, held and unheld by toggle, killed. */
    @Test
    void sipLegHoldUnholdAndFinish() {
        List<CallEvent> events = RecordedCalls.events(Transcripts.read(SIP_HOLD), leg -> true);
        assertEquals(List.of(
                "RING e77a0756 RING peer=1001",
                "ESTABLISHED e77a0756 ESTABLISHED peer=1001",
                "RING 85749a0a RING peer=bob other=e77a0756",
                "RING 7a1749a4 RING peer=9197",
                "ESTABLISHED 85749a0a ESTABLISHED peer=bob other=e77a0756",
                "ESTABLISHED 7a1749a4 ESTABLISHED peer=9197",
                "PEER e77a0756 ESTABLISHED peer=9197 other=85749a0a",
                "HOLD e77a0756 HOLD peer=9197 other=85749a0a",
                "UNHOLD e77a0756 ESTABLISHED peer=9197 other=85749a0a",
                "HOLD e77a0756 HOLD peer=9197 other=85749a0a",
                "UNHOLD e77a0756 ESTABLISHED peer=9197 other=85749a0a",
                "FINISH 85749a0a FINISH peer=bob other=e77a0756 cause=NORMAL_CLEARING billsec=6",
                "FINISH 7a1749a4 FINISH peer=9197 cause=NORMAL_CLEARING billsec=6",
                "FINISH e77a0756 FINISH peer=9197 other=85749a0a cause=NORMAL_CLEARING billsec=6"), RecordedCalls.lines(events));

        SipLeg bob = events.get(events.size() - 1).leg();
        assertEquals("sofia/internal/bob@127.0.0.1:5070", bob.channelName());
        assertEquals("outbound", bob.direction());
        assertEquals("bob", bob.sipUser(), "variable_sip_to_user of an outbound sofia leg");
        assertEquals("1001", bob.callerIdNumber(), "the caller id it was created with, not the flipped one");
        assertEquals("Alice", bob.callerIdName());
        assertEquals(Instant.ofEpochSecond(1795268921), bob.answered().minusNanos(bob.answered().getNano()));
        assertTrue(bob.ended().isAfter(bob.answered()));
        assertEquals("4.50", bob.rtpStats().get("rtp_audio_in_mos"));
        assertEquals("187", bob.rtpStats().get("rtp_audio_out_packet_count"));
        assertEquals("30", bob.rtpStats().get("rtp_audio_out_dtmf_packet_count"));
        assertEquals("0.00", bob.rtpStats().get("rtp_audio_in_jitter_loss_rate"));
        assertNull(bob.rtpStats().get("rtp_use_codec_name"), "codec settings are not statistics");
        assertTrue(bob.rtpStats().keySet().stream().allMatch(k -> k.startsWith("rtp_audio_")), bob.rtpStats().toString());
        assertEquals(Map.of(), bob.variables());
        assertTrue(events.get(0).leg().rtpStats().isEmpty(), "no statistics while live");
    }

    /**
     * 12: loopback legs; DTMF received on both sides, hold (and a toggle that holds again: no second HOLD), a transfer
     * that unbridges the originating leg, a park + uuid_bridge call killed with CALL_REJECTED.
     */
    @Test
    void loopbackCallControl() {
        List<String> lines = RecordedCalls.lines(RecordedCalls.events(Transcripts.read(LOOPBACK), leg -> true));
        assertEquals(List.of(
                "RING e37f8bd5 RING peer=1001",
                "RING 4b9d0b27 RING peer=9197",
                "ESTABLISHED e37f8bd5 ESTABLISHED peer=1001",
                "ESTABLISHED 4b9d0b27 ESTABLISHED peer=9197",
                "RING d6227137 RING peer=9197 other=e37f8bd5",
                "RING eececc00 RING peer=talker-forever",
                "ESTABLISHED d6227137 ESTABLISHED peer=9197 other=e37f8bd5",
                "ESTABLISHED eececc00 ESTABLISHED peer=talker-forever",
                "PEER e37f8bd5 ESTABLISHED peer=talker-forever other=d6227137",
                "DTMF 4b9d0b27 ESTABLISHED peer=9197 digit=1",
                "DTMF 4b9d0b27 ESTABLISHED peer=9197 digit=2",
                "DTMF 4b9d0b27 ESTABLISHED peer=9197 digit=#",
                "DTMF e37f8bd5 ESTABLISHED peer=talker-forever other=d6227137 digit=3",
                "DTMF e37f8bd5 ESTABLISHED peer=talker-forever other=d6227137 digit=4",
                "DTMF eececc00 ESTABLISHED peer=talker-forever digit=3",
                "DTMF eececc00 ESTABLISHED peer=talker-forever digit=4",
                "HOLD e37f8bd5 HOLD peer=talker-forever other=d6227137",
                "PEER e37f8bd5 HOLD peer=1001",
                "FINISH e37f8bd5 FINISH peer=1001 cause=NORMAL_CLEARING billsec=6",
                "FINISH 4b9d0b27 FINISH peer=9197 cause=NORMAL_CLEARING billsec=6",
                "FINISH eececc00 FINISH peer=talker-forever cause=NORMAL_CLEARING billsec=7",
                "FINISH d6227137 FINISH peer=9197 other=e37f8bd5 cause=NORMAL_CLEARING billsec=7",
                "RING c79d18be RING peer=1003",
                "RING 6555bc4b RING peer=9197",
                "ESTABLISHED c79d18be ESTABLISHED peer=1003",
                "ESTABLISHED 6555bc4b ESTABLISHED peer=9197",
                "RING e3a7deb6 RING peer=1004",
                "RING 072aab0d RING peer=talker-forever",
                "ESTABLISHED e3a7deb6 ESTABLISHED peer=1004",
                "ESTABLISHED 072aab0d ESTABLISHED peer=talker-forever",
                "PEER c79d18be ESTABLISHED peer=talker-forever other=e3a7deb6",
                "FINISH 6555bc4b FINISH peer=9197 cause=NORMAL_CLEARING billsec=2",
                "FINISH e3a7deb6 FINISH peer=1004 cause=NORMAL_CLEARING billsec=2",
                "FINISH 072aab0d FINISH peer=talker-forever cause=NORMAL_CLEARING billsec=2",
                "FINISH c79d18be FINISH peer=talker-forever other=e3a7deb6 cause=CALL_REJECTED billsec=2"), lines);
    }

    /** 13: an originate into a context that does not exist fails both loopback legs unanswered: FAILED with the cause. */
    @Test
    void unansweredLegsFail() {
        List<String> lines = RecordedCalls.lines(RecordedCalls.events(Transcripts.read(FAILURES), leg -> true));
        assertTrue(lines.contains("FAILED b472e851 FAILED peer=9999 cause=NO_ROUTE_DESTINATION billsec=0"), lines.toString());
        assertTrue(lines.contains("FAILED 0d33f08d FAILED peer=0000000000 cause=NO_ROUTE_DESTINATION billsec=0"), lines.toString());
        // answered, then the application did not exist: never connected, ended by an error: failed
        assertTrue(lines.contains("FAILED d65126b1 FAILED peer=0000000000 cause=DESTINATION_OUT_OF_ORDER billsec=0"), lines.toString());
        assertEquals(22, lines.size(), lines.toString());
    }

    /**
     * 14: answered loopback legs whose bridge found a user without registration, or a SIP device answering 486: never
     * connected, so FAILED with the cause; the SIP leg carries the SIP status. A transfer to the stock catch-all and a
     * busy originate complete the picture.
     */
    @Test
    void failedBridges() {
        List<String> lines = RecordedCalls.lines(RecordedCalls.events(Transcripts.read(CALL_FAILURES), leg -> true));
        assertEquals(List.of(
                "RING 7cd2d4bf RING peer=1001",
                "RING f60da548 RING peer=9197",
                "ESTABLISHED 7cd2d4bf ESTABLISHED peer=1001",
                "ESTABLISHED f60da548 ESTABLISHED peer=9197",
                "FAILED 7cd2d4bf FAILED peer=1001 cause=USER_NOT_REGISTERED billsec=0",
                "FAILED f60da548 FAILED peer=9197 cause=USER_NOT_REGISTERED billsec=0",
                "RING 69e770a6 RING peer=1001",
                "RING b805efc5 RING peer=9197",
                "ESTABLISHED 69e770a6 ESTABLISHED peer=1001",
                "ESTABLISHED b805efc5 ESTABLISHED peer=9197",
                "RING d37e6378 RING peer=9197 other=69e770a6",
                "FAILED d37e6378 FAILED peer=9197 other=69e770a6 cause=USER_BUSY sip=486 billsec=0",
                "FAILED 69e770a6 FAILED peer=1001 cause=USER_BUSY billsec=0",
                "FAILED b805efc5 FAILED peer=9197 cause=USER_BUSY billsec=0",
                "RING 51be0921 RING peer=1003",
                "RING a23b3420 RING peer=9197",
                "ESTABLISHED 51be0921 ESTABLISHED peer=1003",
                "ESTABLISHED a23b3420 ESTABLISHED peer=9197",
                "FINISH 51be0921 FINISH peer=1003 cause=NORMAL_CLEARING billsec=1",
                "FINISH a23b3420 FINISH peer=9197 cause=NORMAL_CLEARING billsec=1",
                "RING 889ef297 RING peer=1004",
                "RING 90e4e996 RING peer=5555",
                "FAILED 90e4e996 FAILED peer=5555 cause=NORMAL_CLEARING billsec=0",
                "FAILED 889ef297 FAILED peer=1004 cause=NORMAL_CLEARING billsec=0",
                "RING 6c3c8f45 RING peer=0000000000",
                "FAILED 6c3c8f45 FAILED peer=0000000000 cause=USER_BUSY sip=486 billsec=0"), lines);
    }

    /** None of the recorded legs is a browser user's or carries comet_* variables: the production filter reports nothing. */
    @Test
    void productionFilterIgnoresOtherLegs() {
        for (String f : List.of(LOOPBACK, SIP_HOLD, FAILURES, CALL_FAILURES)) {
            assertEquals(List.of(), RecordedCalls.events(Transcripts.read(f), CallTracker.BROWSER_CALLS), f);
        }
    }

    /** The stream cut into two pieces at spread offsets, and into 7-byte pieces: the same events. */
    @Test
    void sameEventsWhateverTheSplit() {
        for (String f : List.of(SIP_HOLD, LOOPBACK)) {
            byte[] raw = Transcripts.read(f);
            List<String> whole = RecordedCalls.lines(RecordedCalls.events(raw, leg -> true));
            int step = Math.max(1, raw.length / 40);
            for (int split = 1; split < raw.length; split += step) {
                assertEquals(whole, RecordedCalls.lines(RecordedCalls.events(raw, leg -> true, split)), f + " split at " + split);
            }
            int[] pieces = new int[(raw.length - 1) / 7];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = (i + 1) * 7;
            }
            assertEquals(whole, RecordedCalls.lines(RecordedCalls.events(raw, leg -> true, pieces)), f + " in 7-byte pieces");
        }
    }
}
