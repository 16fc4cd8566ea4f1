package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code pipe_messages}: channel history, trimmed per channel to its configured length. */
public interface HistoryStore {
    /** Appends the entry and deletes the channel's older entries beyond the newest {@code keep}. */
    void append(int devId, HistoryEntry entry, int keep);

    /** Newest {@code limitPerPipe} entries of each pipe, oldest first, pipes in the order given. */
    List<HistoryEntry> read(int devId, Collection<String> pipes, int limitPerPipe);

    List<HistoryEntry> all(int devId, int limit);

    int deletePipes(int devId, Collection<String> pipes);

    int deleteIds(int devId, Collection<String> ids);
}
