package org.cometserver.esl.transcript;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the FreeSWITCH stand-in deliberately does not reproduce, with the reason; {@link TranscriptReplayTest} skips
 * exactly these and compares everything else. The stand-in emulates the event socket itself completely and, of
 * FreeSWITCH, what the bridge relies on: {@code status}, {@code version}, {@code originate} into conferences and of
 * calls, mod_conference's listings and member commands with their {@code conference::maintenance} events, and the call
 * control commands ({@code uuid_hold}, {@code uuid_send_dtmf}, {@code uuid_transfer}, {@code uuid_kill}). Channel events
 * are compared in order by {@code ChannelEventOrderTest}.
 */
final class NotEmulated {

    private record Rule(String transcriptPrefix, Pattern command, String reason) {
    }

    private static final List<Rule> REPLIES = List.of(
            new Rule("", Pattern.compile("api conference \\S+ (energy|volume_in|volume_out|dtmf|pin|nopin|bgdial|dial)( .*)?"),
                    "mod_conference feature the bridge does not use (energy, volume, DTMF, PIN, dial-out)"),
            new Rule("", Pattern.compile("api (uuid_dump|uuid_recv_dtmf|uuid_bridge|uuid_getvar|show calls|show channels as json)( .*)?"),
                    "channel API the bridge does not use, or listings with every field of a channel"),
            new Rule("12-", Pattern.compile("api (uuid_transfer \\S+ 0\\*3012\\*default .*|uuid_kill \\S+|show channels count)"),
                    "Bob's uuid came from 'show calls', not from an originate the replay could map, and the transferred leg "
                            + "joined a conference; uuid_bridge joined two parked legs: none of it is emulated"),
            new Rule("09", Pattern.compile("api uuid_send_dtmf .*"), "the PIN is sent to a conference member's leg, which "
                    + "the conference emulator keeps (no channel of its own)"),
            new Rule("10", Pattern.compile("api uuid_send_dtmf .*"), "DTMF to a conference member's leg, which the "
                    + "conference emulator keeps (no channel of its own)"),
            new Rule("14-", Pattern.compile("api originate \\S*loopback/5555/default .*"),
                    "the stock dialplan's catch-all answers unknown extensions with music on hold (NORMAL_CLEARING); the "
                            + "stand-in's dialplan, like the comet one, has none (NO_ROUTE_DESTINATION)"),
            new Rule("", Pattern.compile("api conference"), "the 4 KB syntax list of mod_conference"),
            new Rule("07", Pattern.compile("api conference .*"),
                    "the member is a browser's SIP leg (sofia channel, codecs, video) that the stand-in does not emulate"),
            new Rule("08", Pattern.compile("api conference (\\S+ list|\\S+ kick all|list)"),
                    "the listing includes members the conference dialled out to (dial/bgdial not emulated)"),
            new Rule("09", Pattern.compile("api conference (\\S+ list|\\S+ kick all|\\S+ get count|list)"),
                    "who is admitted depends on the PIN dialogue (DTMF, prompts), not emulated"),
            new Rule("15-", Pattern.compile("api (originate \\S*loopback/7000/default .*|uuid_send_dtmf .*|conference list|hupall)"),
                    "the PIN dial-in asks the comet server's mod_xml_curl endpoint for the room: the stand-in emulates it "
                            + "with FreeSwitchStandIn.dialIn (PinCaller), which needs the server, not with originate"),
            new Rule("10", Pattern.compile("api conference (\\S+ list|list)|api originate .*000000[78].*"),
                    "energy/volume changes and callers refused by lock/max_members show here, not emulated"));

    /** Recordings whose events the stand-in produces (BACKGROUND_JOB and conference::maintenance only). */
    private static final Set<String> EVENTS_COMPARED = Set.of("04-bgapi-originate", "04-bgapi-originate-json",
            "05-conference-maintenance-plain", "05-conference-maintenance-json", "13d-api-vs-bgapi-timing");

    private NotEmulated() {
    }

    /** Why the stand-in's reply to {@code command} on the {@code side} connection is not compared, or null if it must match. */
    static String reply(String transcript, String side, String command) {
        if (!side.equals("driver") && !transcript.startsWith("13")) {
            return null;
        }
        for (Rule rule : REPLIES) {
            if (transcript.startsWith(rule.transcriptPrefix()) && rule.command().matcher(command).matches()) {
                return rule.reason();
            }
        }
        return null;
    }

    /** Why this recording's events are not compared at all, or null if they are. */
    static String events(String transcript) {
        return EVENTS_COMPARED.contains(transcript) ? null
                : "events of real calls (CHANNEL_*, DTMF, sounds, recordings, browser and dialled legs) are not emulated; "
                + "EslFrameDecoderTest and ConferenceRegistryTest read them";
    }

    /** Why a recorded event of this kind ({@code name subclass action member job-arg}) may be missing from the stand-in's, or null. */
    static String event(String key) {
        if (key.contains(" play-file")) {
            return "no sounds are played (they were missing on the recording machine too)";
        }
        if (key.contains(" start-talking ") || key.contains(" stop-talking ")) {
            return "talk detection follows the talker tone's energy; the stand-in's talker talks once";
        }
        return null;
    }
}
