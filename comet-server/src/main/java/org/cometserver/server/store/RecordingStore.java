package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code conference_recordings}: files rooms were recorded into, kept from FreeSWITCH's start/stop events. */
public interface RecordingStore {

    /** A recording began (replaces a row of the same path). */
    void started(StoredRecording recording);

    /** A recording ended; false when no row has this path. */
    boolean stopped(int devId, String path, long ended, long size);

    List<StoredRecording> get(int devId, Collection<String> rooms);

    List<StoredRecording> all(int devId, int limit);

    /** Deletes rows of {@code room}: these paths, or all when {@code paths} is null. */
    int delete(int devId, String room, Collection<String> paths);
}
