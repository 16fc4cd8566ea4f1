package org.cometserver.server.calls;

import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.esl.call.CallState;
import org.cometserver.esl.call.SipLeg;
import org.cometserver.server.hub.CometFrames;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SIP call of a browser user as the {@code calls} table shows it: the browser user's FreeSWITCH leg (its uuid is
 * the session id), merged from the bridge's call events; immutable, replaced on every event.
 *
 * @param uuid         FreeSWITCH's uuid of the browser user's leg (the {@code session_id})
 * @param node         the FreeSWITCH node
 * @param devId        the browser user's dev_id
 * @param userId       the browser user
 * @param direction    {@link #OUT} (the browser called), {@link #IN} (FreeSWITCH offered the browser a call) or
 *                     {@link #CLICK_TO_CALL} ({@code INSERT INTO calls})
 * @param callType     1 video, 2 audio
 * @param dial         what was dialled: the browser's destination, or the click-to-call's dial; empty for {@link #IN}
 * @param userInfo     the click-to-call's {@code user_info}
 * @param state        the leg's state
 * @param peer         the other end's number; {@code peerName} its display name (may be empty)
 * @param otherLegUuid the bridged leg, null when not bridged (transfer moves this leg)
 * @param cause        FreeSWITCH's hangup cause once ended ({@code USER_BUSY}, ...), {@value #LOST} when the event
 *                     connection was down then; empty while live
 * @param sipCode      the SIP status that ended it, when FreeSWITCH reported one ({@code 486}); empty otherwise
 * @param created      epoch seconds; {@code answered}/{@code ended} 0 until then
 * @param duration     seconds from answer to hangup ({@code billsec})
 * @param mos          {@code rtp_audio_in_mos} at hangup, empty when not reported
 * @param stats        JSON object of the RTP figures at hangup, empty while live
 * @param finishedAt   this server's time the leg ended (for {@code [calls] keep_finished}); null while live
 * @param device       for a leg FreeSWITCH placed to the browser: the user part of the registration it rang
 *                     ({@code sofia/internal/<device>@<host>}), which tells the user's devices whose leg it is; empty
 *                     otherwise
 */
record SipCallRow(String uuid, String node, int devId, long userId, String direction, int callType, String dial,
                  String userInfo, CallState state, String peer, String peerName, String otherLegUuid, String cause,
                  String sipCode, long created, long answered, long ended, long duration, String mos, String stats,
                  Instant finishedAt, String device) {
    static final String OUT = "out";
    static final String IN = "in";
    static final String CLICK_TO_CALL = "c2c";
    static final String LOST = "LOST";
    static final int VIDEO = 1;
    static final int AUDIO = 2;
    /** {@code sofia/<profile>/<user>@<host>}: FreeSWITCH's name of a SIP leg, with the contact's user. */
    private static final Pattern SOFIA_CHANNEL = Pattern.compile("sofia/[^/]+/([^@/]+)@.*");

    /** A click-to-call before FreeSWITCH reported any of its legs; {@code uuid} is ours ({@code comet_session}). */
    static SipCallRow dialling(String uuid, String node, int devId, long userId, int callType, String dial,
                               String userInfo, Instant now) {
        return new SipCallRow(uuid, node, devId, userId, CLICK_TO_CALL, callType, dial, userInfo, CallState.RING, "",
                "", null, "", "", now.getEpochSecond(), 0, 0, 0, "", "", null, "");
    }

    /** A leg first reported by an event. */
    static SipCallRow first(SipLeg leg, int devId, long userId, String direction, int callType, Instant now) {
        String dial = IN.equals(direction) ? "" : text(leg.destinationNumber());
        long created = leg.created() != null ? leg.created().getEpochSecond() : now.getEpochSecond();
        return new SipCallRow(leg.uuid(), leg.node(), devId, userId, direction, callType, dial, "", CallState.RING,
                "", "", null, "", "", created, 0, 0, 0, "", "", null, "").with(leg, false, now);
    }

    /** The click-to-call {@code leg} is one of (one per device it rings): this row's request, that leg's state. */
    SipCallRow forLeg(SipLeg leg, Instant now) {
        return new SipCallRow(leg.uuid(), leg.node(), devId, userId, direction, callType, dial, userInfo, state, peer,
                peerName, null, cause, sipCode, created, 0, 0, 0, "", "", null, "").with(leg, false, now);
    }

    /** This row after {@code leg}'s event; {@code lost}: it ended while the event connection was down. */
    SipCallRow with(SipLeg leg, boolean lost, Instant now) {
        boolean ends = leg.state().isFinal();
        String endCause = ends ? (leg.hangupCause() != null ? leg.hangupCause() : lost ? LOST : "") : "";
        String rtpMos = leg.rtpStats().getOrDefault("rtp_audio_in_mos", "");
        return new SipCallRow(uuid, node, devId, userId, direction, callType, dial, userInfo, leg.state(),
                peerOf(leg), leg.peerName() != null ? leg.peerName() : peerName,
                leg.otherLegUuid(), endCause, ends && leg.sipStatus() != null ? leg.sipStatus() : "",
                leg.created() != null ? leg.created().getEpochSecond() : created,
                leg.answered() != null ? leg.answered().getEpochSecond() : answered,
                leg.ended() != null ? leg.ended().getEpochSecond() : ends ? now.getEpochSecond() : 0,
                leg.billsec(), rtpMos, leg.rtpStats().isEmpty() ? "" : CometFrames.sortedJson(leg.rtpStats()),
                ends ? now : null, deviceOf(leg));
    }

    /**
     * The other end: the number the browser dialled for its own calls (once bridged, FreeSWITCH's view of the callee is
     * the registration it rang, e.g. a browser's random contact user), else who FreeSWITCH reports.
     */
    private String peerOf(SipLeg leg) {
        if (OUT.equals(direction) && !dial.isEmpty()) {
            return dial;
        }
        return leg.peerNumber() != null ? leg.peerNumber() : peer;
    }

    /** The registration a leg to the browser rang; a leg the browser placed names the caller, not the device. */
    private String deviceOf(SipLeg leg) {
        Matcher m = leg.channelName() == null ? null : SOFIA_CHANNEL.matcher(leg.channelName());
        return !OUT.equals(direction) && m != null && m.matches() ? m.group(1) : device;
    }

    /** The click-to-call FreeSWITCH refused before the leg reported its end: FAILED with FreeSWITCH's cause. */
    SipCallRow refused(String freeswitchCause, Instant now) {
        return new SipCallRow(uuid, node, devId, userId, direction, callType, dial, userInfo, CallState.FAILED, peer,
                peerName, null, freeswitchCause, sipCode, created, answered, now.getEpochSecond(), 0, mos, stats, now,
                device);
    }

    boolean finished() {
        return state.isFinal();
    }

    /** The {@code calls} row: {@code caller_id} is the browser user unless a SIP device called in. */
    CallLeg toLeg() {
        long callerId = IN.equals(direction) ? 0 : userId;
        return new CallLeg(uuid, callerId, userId, callType, state.name(), created, answered, ended, node, userInfo,
                "sip", dial, peer, state == CallState.HOLD, cause, duration, mos, stats);
    }

    /** The data of the {@code sipStatus} frame (docs/CALLS.md): what the browser needs to show the call. */
    Map<String, Object> statusData() {
        Map<String, Object> data = new TreeMap<>();
        data.put("session_id", uuid);
        data.put("state", state.name());
        data.put("direction", direction);
        data.put("peer", peer);
        data.put("call_type", callType);
        if (!peerName.isEmpty()) {
            data.put("peer_name", peerName);
        }
        if (!dial.isEmpty()) {
            data.put("dial", dial);
        }
        if (!device.isEmpty()) {
            data.put("device", device);
        }
        if (!cause.isEmpty()) {
            data.put("cause", cause);
        }
        // a failure's SIP answer (486, 603...); an answered call ends with BYE's 200, which says nothing
        if (state == CallState.FAILED && !sipCode.isEmpty() && sipCode.chars().allMatch(Character::isDigit)
                && sipCode.length() <= 3) {
            data.put("sip_code", Integer.parseInt(sipCode));
        }
        if (finished()) {
            data.put("duration", duration);
            if (!mos.isEmpty()) {
                data.put("mos", mos);
            }
        }
        return data;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
