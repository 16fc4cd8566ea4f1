package org.cometserver.esl.call;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One FreeSWITCH channel (a call leg) as last reported by its events, immutable.
 *
 * @param node              the FreeSWITCH node (its configured name)
 * @param uuid              {@code Unique-ID}
 * @param channelName       {@code Channel-Name}: {@code sofia/internal/00000012@example.com}, {@code loopback/9197-a}
 * @param direction         {@code Call-Direction}: {@code inbound} (FreeSWITCH received the call: a browser or phone
 *                          calling) or {@code outbound} (FreeSWITCH placed it: originate, bridge to a user)
 * @param sipUser           the SIP user name of the device on this leg, or null: for a sofia leg the user that called
 *                          ({@code variable_sip_from_user}, inbound) or was called ({@code variable_dialed_user},
 *                          {@code variable_sip_to_user}, outbound). Browser users have CppComet names:
 *                          {@code <6-digit dev_id><user id>} (xml-curl-endpoint {@code SipUserName})
 * @param callerIdNumber    the caller id the leg was created with ({@code Caller-Orig-Caller-ID-Number}; FreeSWITCH
 *                          flips {@code Caller-Caller-ID-*} of outbound legs to the other party after a bridge)
 * @param callerIdName      the same, display name ({@code Caller-Orig-Caller-ID-Name})
 * @param destinationNumber {@code Caller-Destination-Number} (what was dialled)
 * @param otherLegUuid      the bridged leg ({@code Other-Leg-Unique-ID}, {@code variable_bridge_uuid}); null when not
 *                          bridged, or after {@code CHANNEL_UNBRIDGE}
 * @param peerNumber        the other end's number: of the bridged leg, its caller id if it called in (inbound) or
 *                          what it dialled (outbound); without a followed bridged leg, what this leg dialled (inbound)
 *                          or who called it (outbound); kept at hangup when the other leg ended first; may be null
 * @param peerName          the other end's display name, may be null
 * @param state             see {@link CallState}
 * @param hangupCause       {@code Hangup-Cause} ({@code NORMAL_CLEARING}, {@code USER_BUSY}, {@code NO_ROUTE_DESTINATION},
 *                          {@code USER_NOT_REGISTERED}, {@code UNALLOCATED_NUMBER}, ...) once hung up, else null
 * @param sipStatus         the SIP status that ended the leg when FreeSWITCH reports one: {@code variable_sip_term_status}
 *                          ({@code 486}), else the number of {@code variable_proto_specific_hangup_cause}
 *                          ({@code sip:486}); null when none
 * @param variables         every {@code variable_comet_*} of the channel, names without {@code variable_}
 *                          ({@code comet_dev_id}, {@code comet_user_id}, {@code comet_session}, ...), set by our originate or
 *                          dialplan; empty when none
 * @param created           when the channel was created ({@code Caller-Channel-Created-Time})
 * @param answered          when it was answered, null if never
 * @param ended             when it was hung up, null while live
 * @param billsec           seconds from answer to hangup ({@code variable_billsec}), 0 while live or never answered
 * @param rtpStats          at hangup: every RTP statistic FreeSWITCH reported, names without {@code variable_}
 *                          ({@code rtp_audio_in_mos}, {@code rtp_audio_in_jitter_loss_rate}, {@code rtp_audio_out_packet_count},
 *                          ...; {@code rtp_audio_*}, {@code rtp_video_*} counters and quality figures, not codec settings);
 *                          empty while live and for legs without RTP (loopback)
 */
public record SipLeg(String node, String uuid, String channelName, String direction, String sipUser,
                     String callerIdNumber, String callerIdName, String destinationNumber, String otherLegUuid,
                     String peerNumber, String peerName, CallState state, String hangupCause, String sipStatus,
                     Map<String, String> variables, Instant created, Instant answered, Instant ended, long billsec,
                     Map<String, String> rtpStats) {

    public SipLeg {
        // sorted: listeners print them (JSON stats column) and tests compare them
        variables = Collections.unmodifiableMap(new TreeMap<>(variables));
        rtpStats = Collections.unmodifiableMap(new TreeMap<>(rtpStats));
    }

    /** {@code variable_comet_<name>} of the channel, or null. */
    public String variable(String name) {
        return variables.get(name);
    }

    public boolean isInbound() {
        return "inbound".equals(direction);
    }

    public boolean isHeld() {
        return state == CallState.HOLD;
    }
}
