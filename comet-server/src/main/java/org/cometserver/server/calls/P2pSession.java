package org.cometserver.server.calls;

import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.server.hub.Transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One P2P session's state (docs/CALLS.md): its caller, one {@link Leg} per opponent, the connections they speak
 * from. Every field is read and written with the session's monitor held ({@link P2pCalls} does it); the identity
 * fields are final.
 */
final class P2pSession {
    final int devId;
    final String id;
    final long callerId;
    final int callType;
    final List<Long> opponents;
    /** The caller's {@code userInfo} as JSON text, empty when it gave none. */
    final String userInfo;
    final long created;
    final Map<Long, Leg> legs = new LinkedHashMap<>();
    /** The connection that sent the {@code call}; null once the caller left. */
    Transport callerConnection;
    boolean callerLeft;
    ScheduledFuture<?> answerTimer;
    /** Epoch seconds the session ended, 0 while live. */
    long ended;
    /** Removed from the registry: a signal that found it just before must not use it. */
    boolean forgotten;
    /** Finished and counted among the sessions kept for {@code keep_finished}. */
    boolean kept;

    /** A leg's state, as the {@code calls} table shows it. */
    enum State {
        RING, ESTABLISHED, REJECTED, NOT_ANSWERED, FINISH;

        boolean live() {
            return this == RING || this == ESTABLISHED;
        }
    }

    /** An opponent's part in the session. */
    static final class Leg {
        final long userId;
        State state = State.RING;
        long answered;
        long ended;
        /** The connection that accepted; null while ringing (signals go to every connection) and once ended. */
        Transport bound;
        /** The offline hook was asked and has not answered yet. */
        boolean hookPending;

        Leg(long userId) {
            this.userId = userId;
        }
    }

    P2pSession(int devId, String id, long callerId, int callType, List<Long> opponents, String userInfo,
               long created, Transport callerConnection) {
        this.devId = devId;
        this.id = id;
        this.callerId = callerId;
        this.callType = callType;
        this.opponents = List.copyOf(opponents);
        this.userInfo = userInfo;
        this.created = created;
        this.callerConnection = callerConnection;
        for (long opponent : opponents) {
            legs.put(opponent, new Leg(opponent));
        }
    }

    boolean isMember(long userId) {
        return userId == callerId || legs.containsKey(userId);
    }

    /** Whether {@code userId} is still in the call: the caller until it left, an opponent ringing or answered. */
    boolean isLive(long userId) {
        if (userId == callerId) {
            return !callerLeft;
        }
        Leg leg = legs.get(userId);
        return leg != null && leg.state.live();
    }

    /** Members still in the call, {@code except} left out, caller first. */
    List<Long> liveMembers(long except) {
        List<Long> members = new ArrayList<>(legs.size() + 1);
        if (!callerLeft && callerId != except) {
            members.add(callerId);
        }
        for (Leg leg : legs.values()) {
            if (leg.state.live() && leg.userId != except) {
                members.add(leg.userId);
            }
        }
        return members;
    }

    boolean anyRinging() {
        for (Leg leg : legs.values()) {
            if (leg.state == State.RING) {
                return true;
            }
        }
        return false;
    }

    CallLeg row(Leg leg, String node) {
        long duration = leg.answered > 0 && leg.ended > 0 ? leg.ended - leg.answered : 0;
        return new CallLeg(id, callerId, leg.userId, callType, leg.state.name(), created, leg.answered, leg.ended,
                node, userInfo, "p2p", "", "", false, "", duration, "", "");
    }
}
