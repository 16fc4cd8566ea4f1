package org.cometserver.server.calls;

/**
 * Phones a page calls into its conference room ({@code cometVideoApi.callParticipant(number)}, docs/CONFERENCES.md
 * "Phones"). Every web participant of the room follows the call on the room's call pipe: {@code CALL_PARTICIPANT},
 * then {@code CALL_PARTICIPANT_CONNECTED} or {@code CALL_PARTICIPANT_FAILED}, later
 * {@code CALL_PARTICIPANT_DISCONNECTED}.
 */
public interface ParticipantCalls {

    /**
     * Checks that {@code userId} may call out of {@code room} and starts the call; does not wait for it. Reads the
     * store: call it off event loops.
     *
     * @return empty when the call was started, else why it was refused (the page's error event)
     */
    java.util.Optional<String> callParticipant(int devId, long userId, String room, String number);

    /**
     * The user's conference leg failed ICE after the client's one ICE restart: every page of the room gets
     * {@code ICE_FAILED} {@code {"type":"ICE_FAILED","user_id"}} on the room's call pipe. Reads the store.
     *
     * @return empty when announced, else why it was refused
     */
    java.util.Optional<String> iceFailed(int devId, long userId, String room);
}
