package org.cometserver.server.store;

/**
 * A {@code conference_settings} row: how the backend wants room {@code name} of {@code devId} run (docs/CONFERENCES.md).
 *
 * @param pin              dial-in PIN, 4–12 digits, unique among the dev's rooms; empty: no phone dial-in
 * @param maxMembers       FreeSWITCH {@code max_members}; 0: unlimited
 * @param locked           {@code conference <room> lock}: nobody else may join
 * @param record           recording runs while the room is live
 * @param maxDuration      seconds after the room started when it is ended; 0: no limit
 * @param moderator        user id whose leaving ends the room (and whom members wait for); 0: none
 * @param videoLayout      FreeSWITCH {@code vid-layout} name; empty: the profile's
 * @param waitForModerator members are held (music on hold) until the moderator joins
 * @param allowDial        pages in the room may call phone numbers out ({@code callParticipant})
 * @param announce         a tone is played to the room when someone joins
 */
public record RoomSettings(int devId, String name, String pin, int maxMembers, boolean locked, boolean record,
                           int maxDuration, long moderator, String videoLayout, boolean waitForModerator,
                           boolean allowDial, boolean announce) {

    /** The settings of a room without a row: everything off, unlimited. */
    public static RoomSettings defaults(int devId, String name) {
        return new RoomSettings(devId, name, "", 0, false, false, 0, 0, "", false, false, false);
    }
}
