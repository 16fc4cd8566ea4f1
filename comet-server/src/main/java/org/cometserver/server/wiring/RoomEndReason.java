package org.cometserver.server.wiring;

/** Why a room ended: the {@code reason} of the {@code CONFERENCE_ENDED} notice pages get. */
public enum RoomEndReason {
    /** The backend deleted the room's invitations: {@code DELETE FROM conference WHERE name = ...}. */
    BACKEND("backend"),
    /** {@code conference_settings.max_duration} passed. */
    MAX_DURATION("max_duration"),
    /** The {@code conference_settings.moderator} left. */
    MODERATOR("moderator");

    private final String wire;

    RoomEndReason(String wire) {
        this.wire = wire;
    }

    /** The text pages see. */
    public String wire() {
        return wire;
    }
}
