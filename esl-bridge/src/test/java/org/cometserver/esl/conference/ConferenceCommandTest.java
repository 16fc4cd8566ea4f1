package org.cometserver.esl.conference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command table's lines and success replies, as FreeSWITCH 1.10.12 answered (recordings 10, 11, 20). */
class ConferenceCommandTest {
    private static final String C = "0*3015-127.0.0.1";

    @Test
    void roomCommandLines() {
        assertEquals("conference " + C + " lock", ConferenceCommand.LOCK.apiLine(C, null));
        assertEquals("conference " + C + " set max_members 2", ConferenceCommand.SET_MAX_MEMBERS.apiLine(C, "2"));
        assertEquals("conference " + C + " vid-floor 5 force", ConferenceCommand.VID_FLOOR.apiLine(C, "5"));
        assertEquals("conference " + C + " vid-layout 1up_top_left+5",
                ConferenceCommand.VID_LAYOUT.apiLine(C, "1up_top_left+5"));
        assertEquals("conference " + C + " play tone_stream://%(200,0,500,600,700)",
                ConferenceCommand.PLAY.apiLine(C, "tone_stream://%(200,0,500,600,700)"));
        assertEquals("conference " + C + " kick 7", ConferenceCommand.KICK.apiLine(C, 7));
    }

    @Test
    void argumentsThatWouldBreakTheLineAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConferenceCommand.LOCK.apiLine(C, "x"));
        assertThrows(IllegalArgumentException.class, () -> ConferenceCommand.VID_LAYOUT.apiLine(C, "2x2\nhup all"));
        assertThrows(IllegalArgumentException.class, () -> ConferenceCommand.RECORDING_START.apiLine(C, "/a b.wav"));
        assertThrows(IllegalArgumentException.class, () -> ConferenceCommand.SET_MAX_MEMBERS.apiLine(C, "-1"));
        assertThrows(IllegalArgumentException.class, () -> ConferenceCommand.VID_FLOOR.apiLine(C, "0"));
        assertThrows(IllegalArgumentException.class, () -> ConferenceCommand.KICK.apiLine(C, 0));
    }

    @Test
    void successRepliesAsRecorded() {
        assertTrue(ConferenceCommand.LOCK.isSuccess("+OK " + C + " locked\n", C, null));
        assertFalse(ConferenceCommand.LOCK.isSuccess("-ERR Conference " + C + " not found\n", C, null));
        assertTrue(ConferenceCommand.UNLOCK.isSuccess("+OK " + C + " unlocked\n", C, null));
        assertTrue(ConferenceCommand.SET_MAX_MEMBERS.isSuccess("0", C, "2"));
        assertFalse(ConferenceCommand.SET_MAX_MEMBERS.isSuccess("-ERR Invalid input\n", C, "2"));
        assertTrue(ConferenceCommand.RECORDING_START.isSuccess("+OK Record file /r/a.wav\n", C, "/r/a.wav"));
        assertTrue(ConferenceCommand.RECORDING_START.isSuccess("+OK Record file /r/a.wav canvas 1\n", C, "/r/a.wav"));
        assertFalse(ConferenceCommand.RECORDING_START.isSuccess(
                "-ERR file [/r/a.wav] is already being used for recording.\n", C, "/r/a.wav"));
        assertTrue(ConferenceCommand.RECORDING_STOP.isSuccess(
                "Stopped recording file /r/a.wav\n+OK Stopped recording 0 files\n", C, "/r/a.wav"));
        assertFalse(ConferenceCommand.RECORDING_STOP.isSuccess(
                "-ERR non-existant recording '/r/a.wav'\n+OK Stopped recording 0 files\n", C, "/r/a.wav"));
        assertTrue(ConferenceCommand.VID_LAYOUT.isSuccess("+OK Change canvas 1 to layout [2x2]\n", C, "2x2"));
        assertTrue(ConferenceCommand.VID_LAYOUT.isSuccess("+OK Change to layout group [grid]\n", C, "group:grid"));
        assertFalse(ConferenceCommand.VID_LAYOUT.isSuccess("-ERR Conference is not in mixing mode\n", C, "2x2"));
        assertFalse(ConferenceCommand.VID_FLOOR.isSuccess("-ERR no reply\n", C, "5"));
        assertTrue(ConferenceCommand.KICK_ALL.isSuccess("+OK kicked 6\n+OK kicked 5\n", C, null));
        assertFalse(ConferenceCommand.KICK_ALL.isSuccess("", C, null));
        assertTrue(ConferenceCommand.PLAY.isSuccess("+OK (play) Playing file tone_stream://%(1,2)\n", C,
                "tone_stream://%(1,2)"));
        assertTrue(ConferenceCommand.HOLD.isSuccess("+OK hold 53\n", 53));
        assertTrue(ConferenceCommand.MUTE.isSuccess("+OK mute 53\n", 53));
        assertFalse(ConferenceCommand.MUTE.isSuccess("+OK mute 54\n", 53));
    }
}
