package org.cometserver.esl.standin;

import org.cometserver.esl.codec.EslHeaders;

import java.time.Instant;
import java.util.Map;

/**
 * The header blocks of FreeSWITCH's channel events, in the order recorded from 1.10.12 (12-call-control-loopback,
 * 12b-call-control-sip-hold): the channel block ({@code Channel-State} … {@code Answer-State}, codecs once answered),
 * the caller profile ({@code Caller-*}), the other leg's profile ({@code Other-Type}, {@code Other-Leg-*}) when
 * bridged or originated by another leg, then the channel variables ({@code variable_*}).
 */
final class ChannelHeaders {

    private ChannelHeaders() {
    }

    /** The channel block, the caller profile and the other leg's profile: what every channel event but DTMF starts with. */
    static void legs(EslHeaders.Builder h, EmulatedChannel ch) {
        channel(h, ch);
        caller(h, ch);
        otherLeg(h, ch);
    }

    static void channel(EslHeaders.Builder h, EmulatedChannel ch) {
        h.add("Channel-State", ch.channelState)
                .add("Channel-Call-State", ch.callState)
                .add("Channel-State-Number", Integer.toString(ch.channelStateNumber))
                .add("Channel-Name", ch.name)
                .add("Unique-ID", ch.uuid)
                .add("Call-Direction", ch.direction)
                .add("Presence-Call-Direction", ch.direction)
                .add("Channel-HIT-Dialplan", Boolean.toString(ch.hitDialplan))
                .add("Channel-Call-UUID", ch.uuid)
                .add("Answer-State", ch.answerState);
        if (ch.hangupCause != null) {
            h.add("Hangup-Cause", ch.hangupCause);
        }
        // loopback legs have their L16 codec from the start; SIP legs once answered
        if (ch.isAnswered() || !ch.signalsHold()) {
            boolean sip = ch.signalsHold();
            h.add("Channel-Read-Codec-Name", sip ? "PCMU" : "L16")
                    .add("Channel-Read-Codec-Rate", "8000")
                    .add("Channel-Read-Codec-Bit-Rate", sip ? "64000" : "128000")
                    .add("Channel-Write-Codec-Name", sip ? "PCMU" : "L16")
                    .add("Channel-Write-Codec-Rate", "8000")
                    .add("Channel-Write-Codec-Bit-Rate", sip ? "64000" : "128000");
        }
    }

    static void caller(EslHeaders.Builder h, EmulatedChannel ch) {
        profile(h, "Caller-", ch);
    }

    /** {@code Other-Type} and the other leg's profile, if there is another leg. */
    static void otherLeg(EslHeaders.Builder h, EmulatedChannel ch) {
        if (ch.other != null) {
            h.add("Other-Type", ch.otherType);
            profile(h, "Other-Leg-", ch.other);
        }
    }

    private static void profile(EslHeaders.Builder h, String prefix, EmulatedChannel ch) {
        h.add(prefix + "Direction", ch.direction)
                .add(prefix + "Logical-Direction", ch.direction);
        if (ch.dialplan) {
            h.add(prefix + "Dialplan", "xml");
        }
        h.add(prefix + "Caller-ID-Name", ch.callerIdName)
                .add(prefix + "Caller-ID-Number", ch.callerIdNumber)
                .add(prefix + "Orig-Caller-ID-Name", ch.callerIdName)
                .add(prefix + "Orig-Caller-ID-Number", ch.callerIdNumber)
                .add(prefix + "Callee-ID-Name", ch.calleeName)
                .add(prefix + "Callee-ID-Number", ch.calleeNumber);
        if (ch.networkAddr != null) {
            h.add(prefix + "Network-Addr", ch.networkAddr);
        }
        h.add(prefix + "ANI", ch.callerIdNumber)
                .add(prefix + "Destination-Number", ch.destination)
                .add(prefix + "Unique-ID", ch.uuid);
        h.add(prefix + "Source", ch.source)
                .add(prefix + "Context", "default")
                .add(prefix + "Channel-Name", ch.name);
        if (prefix.equals("Caller-")) {
            h.add(prefix + "Profile-Index", "1");
        }
        h.add(prefix + "Profile-Created-Time", micros(ch.created))
                .add(prefix + "Channel-Created-Time", micros(ch.created))
                .add(prefix + "Channel-Answered-Time", micros(ch.answeredAt))
                .add(prefix + "Channel-Progress-Time", micros(ch.progressAt))
                .add(prefix + "Channel-Progress-Media-Time", "0")
                .add(prefix + "Channel-Hangup-Time", micros(ch.hungUp ? ch.hungUpAt : null))
                .add(prefix + "Channel-Transfer-Time", "0")
                .add(prefix + "Channel-Resurrect-Time", "0")
                .add(prefix + "Channel-Bridged-Time", micros(ch.bridgedAt))
                .add(prefix + "Channel-Last-Hold", micros(ch.lastHoldAt))
                .add(prefix + "Channel-Hold-Accum", "0")
                .add(prefix + "Screen-Bit", "true")
                .add(prefix + "Privacy-Hide-Name", "false")
                .add(prefix + "Privacy-Hide-Number", "false");
    }

    static void variables(EslHeaders.Builder h, EmulatedChannel ch) {
        for (Map.Entry<String, String> v : ch.variables.entrySet()) {
            h.add("variable_" + v.getKey(), v.getValue());
        }
    }

    static String micros(Instant at) {
        return at == null ? "0" : Long.toString(at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
    }
}
