package org.cometserver.cometql.spi;

import java.util.Collection;
import java.util.List;

/**
 * Conference rooms a backend governs (issue 11, docs/CONFERENCES.md): {@code conference_settings} and
 * {@code conference_recordings}. Methods may wait on the store and, for changes, on FreeSWITCH (bounded): they run on
 * the CometQL executor.
 */
public interface RoomBackend {

    List<Settings> settings(int devId, Collection<String> names);

    List<Settings> allSettings(int devId, int limit);

    /**
     * Stores the room's settings (replacing a row of the same name) and applies what changed to the live room through
     * FreeSWITCH (lock/unlock, max_members, recording start/stop, vid-layout). Answers once FreeSWITCH accepted every
     * command; throws {@link org.cometserver.cometql.error.CometQlException} with FreeSWITCH's text when it refused one
     * (the row is then not stored), INVALID_DATA when the PIN is another room's.
     */
    void putSettings(int devId, Settings settings);

    /** Removes the rows (the live rooms keep running as they are). */
    int deleteSettings(int devId, Collection<String> names);

    List<Recording> recordings(int devId, Collection<String> rooms);

    List<Recording> allRecordings(int devId, int limit);

    /** Removes recording rows of {@code room} (these paths, all when null); see docs/CONFERENCES.md for the file. */
    int deleteRecordings(int devId, String room, Collection<String> paths);

    /** A {@code conference_settings} row; see {@code RoomSettings} in comet-server for each column's meaning. */
    record Settings(String name, String pin, int maxMembers, boolean locked, boolean record, int maxDuration,
                    long moderator, String videoLayout, boolean waitForModerator, boolean allowDial,
                    boolean announce) {

        /** A room without a row. */
        public static Settings defaults(String name) {
            return new Settings(name, "", 0, false, false, 0, 0, "", false, false, false);
        }
    }

    /** A {@code conference_recordings} row; {@code ended} 0 while recording. */
    record Recording(String room, String path, long started, long ended, long size, String node) {
    }
}
