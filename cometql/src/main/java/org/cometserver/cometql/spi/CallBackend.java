package org.cometserver.cometql.spi;

import java.util.Collection;
import java.util.List;

/**
 * Calls ({@code calls}): P2P sessions between browsers, signalled through the push channel, and SIP calls through
 * FreeSWITCH. One row per leg (docs/CALLS.md). Every method that talks to FreeSWITCH waits a bounded time for its
 * answer and throws {@link org.cometserver.cometql.error.CometQlException} with FreeSWITCH's text when it refuses.
 */
public interface CallBackend {

    /** Live and recently finished legs of the given sessions (with several nodes: a bounded wait for the others). */
    List<CallLeg> calls(int devId, Collection<String> sessionIds);

    /** Live and recently finished legs of the given users (as callee or caller); waits as {@link #calls}. */
    List<CallLeg> callsOfUsers(int devId, Collection<Long> userIds);

    List<CallLeg> allCalls(int devId, int limit);

    /**
     * Click-to-call ({@code INSERT INTO calls (user_id, dial, call_type)}): FreeSWITCH rings the user's browsers and
     * bridges to {@code dial} when one answers. Returns the new leg.
     */
    CallLeg dial(int devId, DialRequest request);

    /**
     * Ends the legs of {@code sessionId} of the given users (every leg when null): P2P legs get {@code hangUp} with a
     * server reason, SIP legs are hung up with {@code uuid_kill}. Returns the number of legs ended.
     */
    int hangUp(int devId, String sessionId, Collection<Long> userIds);

    /** Applies {@code changes} to the legs of {@code sessionId} of the given users (all when null). */
    int update(int devId, String sessionId, Collection<Long> userIds, CallChanges changes);

    /** What an {@code INSERT INTO calls} gives; {@code callType} 1 video, 2 audio. */
    record DialRequest(long userId, String dial, int callType, String userInfo) {
    }

    /** What an {@code UPDATE calls} sets; null leaves it alone. */
    record CallChanges(Boolean hold, String dtmf, String transfer) {
    }

    /**
     * A {@code calls} row.
     *
     * @param kind     {@code p2p} or {@code sip}
     * @param state    {@code RING}, {@code ESTABLISHED}, {@code HOLD}, {@code REJECTED}, {@code NOT_ANSWERED},
     *                 {@code FINISH} or {@code FAILED}
     * @param created  epoch seconds; {@code answered}/{@code ended} 0 until then
     * @param duration seconds between answer and end (0 while live or never answered)
     * @param mos      FreeSWITCH's {@code rtp_audio_in_mos} at hangup, empty when not reported
     * @param stats    a JSON object of every {@code rtp_*} figure FreeSWITCH reported at hangup (names without
     *                 the {@code variable_} prefix), empty for P2P legs and live calls
     */
    record CallLeg(String sessionId, long callerId, long userId, int callType, String state, long created,
                   long answered, long ended, String node, String userInfo, String kind, String dial, String peer,
                   boolean held, String sipCause, long duration, String mos, String stats) {
    }
}
