package org.cometserver.esl.standin;

import org.cometserver.esl.codec.EslHeaders;

/**
 * The header blocks of mod_conference's {@code conference::maintenance} events, in the recorded order (05, 10): the
 * conference block, the member block of a loopback B-leg, and the talk statistics of {@code stop-talking}.
 */
final class MaintenanceHeaders {

    private MaintenanceHeaders() {
    }

    static EslHeaders.Builder conference(EmulatedConference conf, String domain) {
        return EslHeaders.builder()
                .add("Conference-Name", conf.name)
                .add("Conference-Domain", domain)
                .add("Conference-Size", Integer.toString(conf.members.size()))
                .add("Conference-Ghosts", "0")
                .add("Conference-Profile-Name", conf.profile)
                .add("Conference-Unique-ID", conf.uuid);
    }

    static EslHeaders member(EmulatedMember m, int energy) {
        String t = Long.toString(m.joinedAt.getEpochSecond() * 1_000_000L + m.joinedAt.getNano() / 1_000);
        return EslHeaders.builder()
                .add("Floor", Boolean.toString(m.floor))
                .add("Channel-State", "CS_EXECUTE")
                .add("Channel-Call-State", "ACTIVE")
                .add("Channel-State-Number", "4")
                .add("Channel-Name", m.channelName)
                .add("Unique-ID", m.uuid)
                .add("Call-Direction", "inbound")
                .add("Presence-Call-Direction", "inbound")
                .add("Channel-HIT-Dialplan", "true")
                .add("Channel-Call-UUID", m.uuid)
                .add("Answer-State", "answered")
                .add("Channel-Read-Codec-Name", "L16")
                .add("Channel-Read-Codec-Rate", "8000")
                .add("Channel-Read-Codec-Bit-Rate", "128000")
                .add("Channel-Write-Codec-Name", "L16")
                .add("Channel-Write-Codec-Rate", "8000")
                .add("Channel-Write-Codec-Bit-Rate", "128000")
                .add("Caller-Direction", "inbound")
                .add("Caller-Logical-Direction", "inbound")
                .add("Caller-Dialplan", "xml")
                .add("Caller-Caller-ID-Name", m.callerIdName)
                .add("Caller-Caller-ID-Number", m.callerIdNumber)
                .add("Caller-Orig-Caller-ID-Name", m.callerIdName)
                .add("Caller-Orig-Caller-ID-Number", m.callerIdNumber)
                .add("Caller-Callee-ID-Name", "Outbound Call")
                .add("Caller-Callee-ID-Number", "default")
                .add("Caller-ANI", m.callerIdNumber)
                .add("Caller-Destination-Number", m.destination)
                .add("Caller-Unique-ID", m.uuid)
                .add("Caller-Source", "mod_loopback")
                .add("Caller-Context", "default")
                .add("Caller-Channel-Name", m.channelName)
                .add("Caller-Profile-Index", "1")
                .add("Caller-Profile-Created-Time", t)
                .add("Caller-Channel-Created-Time", t)
                .add("Caller-Channel-Answered-Time", t)
                .add("Caller-Channel-Progress-Time", "0")
                .add("Caller-Channel-Progress-Media-Time", "0")
                .add("Caller-Channel-Hangup-Time", "0")
                .add("Caller-Channel-Transfer-Time", "0")
                .add("Caller-Channel-Resurrect-Time", "0")
                .add("Caller-Channel-Bridged-Time", "0")
                .add("Caller-Channel-Last-Hold", "0")
                .add("Caller-Channel-Hold-Accum", "0")
                .add("Caller-Screen-Bit", "true")
                .add("Caller-Privacy-Hide-Name", "false")
                .add("Caller-Privacy-Hide-Number", "false")
                .add("Video", Boolean.toString(m.video))
                .add("Hear", Boolean.toString(m.hear))
                .add("See", Boolean.toString(m.see))
                .add("Speak", Boolean.toString(m.speak))
                .add("Talking", Boolean.toString(m.talking))
                .add("Mute-Detect", "false")
                .add("Hold", Boolean.toString(m.hold))
                .add("Member-ID", Integer.toString(m.id))
                .add("Member-Type", "member")
                .add("Member-Ghost", "false")
                .add("Energy-Level", Integer.toString(m.energy))
                .add("Current-Energy", Integer.toString(energy))
                .build();
    }

    /** Talk-detector statistics of a {@code stop-talking}; the values are those of a recorded event. */
    static EslHeaders talkingStats() {
        return EslHeaders.builder()
                .add("talking-gate-hits", "72")
                .add("talking-total-packets", "112")
                .add("talking-duration-ms", "2240")
                .add("talking-average-energy", "6483.222222")
                .add("talking-delta-average", "101.097222")
                .add("talking-hit-on-percent", "64.285714")
                .add("talking-non-hit-ratio", "1.388889")
                .add("talking-hit-off-percent", "0.892857")
                .add("talking-hit-off-differential", "63.392857")
                .build();
    }
}
