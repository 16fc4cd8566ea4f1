package org.cometserver.server.wiring;

/**
 * Told when the server ends a room (issue 11), after the pages of the room were sent {@code CONFERENCE_ENDED} and
 * before its members are kicked. {@link RoomEnds} renders the page notice itself: a listener is for other state
 * tied to the room (dialled phone legs, temporary users). Called on the thread that ended the room (the bridge's
 * callback executor, the room timer or a CometQL executor): keep it short, never block.
 */
@FunctionalInterface
public interface RoomEndListener {

    void roomEnded(int devId, String room, RoomEndReason reason);
}
