package org.cometserver.esl.call;

import org.cometserver.esl.codec.EslEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the fields of a {@link SipLeg} from a {@code CHANNEL_*} event, header names as recorded from FreeSWITCH 1.10.12
 * (12-call-control-loopback, 12b-call-control-sip-hold, 13-failure-views).
 */
final class ChannelEvents {

    static final String CREATE = "CHANNEL_CREATE";
    static final String PROGRESS = "CHANNEL_PROGRESS";
    static final String PROGRESS_MEDIA = "CHANNEL_PROGRESS_MEDIA";
    static final String ANSWER = "CHANNEL_ANSWER";
    static final String BRIDGE = "CHANNEL_BRIDGE";
    static final String UNBRIDGE = "CHANNEL_UNBRIDGE";
    static final String HOLD = "CHANNEL_HOLD";
    static final String UNHOLD = "CHANNEL_UNHOLD";
    static final String CALLSTATE = "CHANNEL_CALLSTATE";
    static final String HANGUP_COMPLETE = "CHANNEL_HANGUP_COMPLETE";
    static final String DTMF = "DTMF";

    /** The events call tracking subscribes to, in the order the subscription names them. */
    static final List<String> ALL = List.of(CREATE, PROGRESS, PROGRESS_MEDIA, ANSWER, BRIDGE, UNBRIDGE, HOLD, UNHOLD,
            CALLSTATE, HANGUP_COMPLETE, DTMF);

    /** RTP statistics at hangup: counters and quality figures of each media type, not the codec settings. */
    private static final Pattern RTP_STAT = Pattern.compile("variable_(rtp_(audio|video|text)_(in|out|rtcp)_[a-z0-9_]+)");
    private static final String COMET_PREFIX = "variable_comet_";

    private ChannelEvents() {
    }

    static String uuid(EslEvent e) {
        return e.get("Unique-ID");
    }

    /**
     * The leg as this event shows it, in state {@code state}; {@code previous} (null for a channel not seen before) fills
     * in what the event does not carry and keeps the values that must not change (creation time, caller id).
     */
    static SipLeg leg(String node, EslEvent e, SipLeg previous, CallState state, String otherLegUuid) {
        Map<String, String> vars = new HashMap<>(previous == null ? Map.of() : previous.variables());
        e.headers().entries().forEach(h -> {
            if (h.getKey().startsWith(COMET_PREFIX)) {
                vars.put(h.getKey().substring("variable_".length()), h.getValue());
            }
        });
        boolean hangup = HANGUP_COMPLETE.equals(e.name());
        Map<String, String> rtp = new HashMap<>();
        if (hangup) {
            e.headers().entries().forEach(h -> {
                var m = RTP_STAT.matcher(h.getKey());
                if (m.matches()) {
                    rtp.put(m.group(1), h.getValue());
                }
            });
        }
        String direction = first(e, "Call-Direction", previous == null ? null : previous.direction());
        return new SipLeg(node, uuid(e),
                first(e, "Channel-Name", previous == null ? null : previous.channelName()),
                direction,
                sipUser(e, direction, previous),
                previous != null && previous.callerIdNumber() != null ? previous.callerIdNumber()
                        : first(e, "Caller-Orig-Caller-ID-Number", e.get("Caller-Caller-ID-Number")),
                previous != null && previous.callerIdName() != null ? previous.callerIdName()
                        : first(e, "Caller-Orig-Caller-ID-Name", e.get("Caller-Caller-ID-Name")),
                first(e, "Caller-Destination-Number", previous == null ? null : previous.destinationNumber()),
                otherLegUuid,
                null, null,
                state,
                hangup ? e.get("Hangup-Cause") : null,
                hangup ? sipStatus(e) : null,
                vars,
                previous != null && previous.created() != null ? previous.created() : micros(e.get("Caller-Channel-Created-Time")),
                answered(e, previous),
                hangup ? ended(e) : null,
                hangup ? number(e.get("variable_billsec")) : 0,
                rtp);
    }

    /** The leg with the other end's number and name filled in. */
    static SipLeg withPeer(SipLeg leg, String number, String name) {
        return new SipLeg(leg.node(), leg.uuid(), leg.channelName(), leg.direction(), leg.sipUser(), leg.callerIdNumber(),
                leg.callerIdName(), leg.destinationNumber(), leg.otherLegUuid(), number, name, leg.state(),
                leg.hangupCause(), leg.sipStatus(), leg.variables(), leg.created(), leg.answered(), leg.ended(),
                leg.billsec(), leg.rtpStats());
    }

    /** The leg in another state (resync: LOST). */
    static SipLeg withState(SipLeg leg, CallState state) {
        return new SipLeg(leg.node(), leg.uuid(), leg.channelName(), leg.direction(), leg.sipUser(), leg.callerIdNumber(),
                leg.callerIdName(), leg.destinationNumber(), leg.otherLegUuid(), leg.peerNumber(), leg.peerName(), state,
                leg.hangupCause(), leg.sipStatus(), leg.variables(), leg.created(), leg.answered(), leg.ended(),
                leg.billsec(), leg.rtpStats());
    }

    /** {@code Other-Leg-Unique-ID}, else {@code variable_bridge_uuid} (set on the bridged legs), else null. */
    static String otherLeg(EslEvent e) {
        String other = e.get("Other-Leg-Unique-ID");
        return other != null && !other.isEmpty() ? other : emptyToNull(e.get("variable_bridge_uuid"));
    }

    /** True when FreeSWITCH says the channel was answered ({@code Answer-State}, or an answer time). */
    static boolean isAnswered(EslEvent e) {
        String state = e.get("Answer-State");
        return "answered".equals(state) || micros(e.get("Caller-Channel-Answered-Time")) != null;
    }

    private static String sipUser(EslEvent e, String direction, SipLeg previous) {
        if (previous != null && previous.sipUser() != null) {
            return previous.sipUser();
        }
        String channel = e.get("Channel-Name");
        if (channel == null || !channel.startsWith("sofia/")) {
            return null;
        }
        if ("inbound".equals(direction)) {
            return emptyToNull(e.get("variable_sip_from_user"));
        }
        String dialed = emptyToNull(e.get("variable_dialed_user"));
        if (dialed != null) {
            return dialed;
        }
        String to = emptyToNull(e.get("variable_sip_to_user"));
        if (to != null) {
            return to;
        }
        // sofia/<profile>/<user>@<host>
        String rest = channel.substring(channel.indexOf('/', "sofia/".length()) + 1);
        int at = rest.indexOf('@');
        return at > 0 ? rest.substring(0, at) : null;
    }

    private static String sipStatus(EslEvent e) {
        String term = emptyToNull(e.get("variable_sip_term_status"));
        if (term != null) {
            return term;
        }
        String proto = emptyToNull(e.get("variable_proto_specific_hangup_cause"));
        return proto != null && proto.startsWith("sip:") ? proto.substring(4) : null;
    }

    private static Instant answered(EslEvent e, SipLeg previous) {
        if (previous != null && previous.answered() != null) {
            return previous.answered();
        }
        Instant at = micros(e.get("Caller-Channel-Answered-Time"));
        if (at == null && ANSWER.equals(e.name())) {
            at = micros(e.get("Event-Date-Timestamp"));
        }
        return at;
    }

    private static Instant ended(EslEvent e) {
        Instant at = micros(e.get("Caller-Channel-Hangup-Time"));
        if (at == null) {
            at = micros(e.get("variable_end_uepoch"));
        }
        return at != null ? at : micros(e.get("Event-Date-Timestamp"));
    }

    /** FreeSWITCH's microsecond times; {@code 0} and unreadable values are null. */
    static Instant micros(String value) {
        long us = number(value);
        return us <= 0 ? null : Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
    }

    private static long number(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(EslEvent e, String header, String fallback) {
        String v = emptyToNull(e.get(header));
        return v != null ? v : fallback;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
