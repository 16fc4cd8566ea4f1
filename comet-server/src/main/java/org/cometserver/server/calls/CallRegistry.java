package org.cometserver.server.calls;

import org.cometserver.cometql.spi.CallBackend.CallChanges;
import org.cometserver.cometql.spi.CallBackend.CallLeg;

import java.util.Collection;
import java.util.List;

/**
 * One kind of call the {@code calls} table shows: P2P sessions relayed through the push channel, or SIP calls on
 * FreeSWITCH. {@link Calls} asks each registry in turn; a session id belongs to at most one of them.
 */
public interface CallRegistry {

    /** Whether {@code sessionId} is a live or kept session of this registry. */
    boolean owns(int devId, String sessionId);

    /**
     * Legs of the given sessions this registry owns. With several nodes P2P sessions of other nodes are asked of them
     * (a bounded wait: statement threads only); otherwise non-blocking.
     */
    List<CallLeg> legs(int devId, Collection<String> sessionIds);

    /** Legs where one of {@code userIds} is the caller or the callee. Waits as {@link #legs}. */
    List<CallLeg> legsOfUsers(int devId, Collection<Long> userIds);

    /** Every leg of the dev_id, at most {@code limit}. Waits as {@link #legs}. */
    List<CallLeg> allLegs(int devId, int limit);

    /** Ends the legs of the given users of a session this registry owns (all when null); returns how many. */
    int hangUp(int devId, String sessionId, Collection<Long> userIds);

    /**
     * Applies {@code changes} to the legs of the given users of a session this registry owns (all when null);
     * throws {@link org.cometserver.cometql.error.CometQlException} when a change does not apply to this kind of
     * call or FreeSWITCH refuses it.
     */
    int update(int devId, String sessionId, Collection<Long> userIds, CallChanges changes);
}
