package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/**
 * {@code pipe_messages}: channel history, trimmed per channel to its configured length; and {@code pipe_streams}:
 * each channel's epoch (a row created on the channel's first kept publication, removed with its history).
 */
public interface HistoryStore {
    /**
     * Where a channel's history stands.
     *
     * @param epoch null when the channel has no {@code pipe_streams} row (never kept, or its history was removed)
     * @param top   the highest offset the channel gave in its epoch (still kept or the epoch's start)
     */
    record Stream(String epoch, long top) {
    }

    /**
     * Appends the entry and deletes the channel's older entries beyond the newest {@code keep}. An entry with an
     * {@link HistoryEntry#offset() offset} is trimmed by offset (one statement); without, by row order.
     */
    void append(int devId, HistoryEntry entry, int keep);

    /** The channel's epoch and top offset. */
    Stream stream(int devId, String pipe);

    /** Starts the channel's epoch after {@code top} (its first kept publication, or after its history was removed). */
    void createStream(int devId, String pipe, String epoch, long top);

    /** Newest {@code limitPerPipe} entries of each pipe, oldest first, pipes in the order given. */
    List<HistoryEntry> read(int devId, Collection<String> pipes, int limitPerPipe);

    /** The oldest {@code limit} entries of the pipe with an offset above {@code offset}, oldest first. */
    List<HistoryEntry> after(int devId, String pipe, long offset, int limit);

    List<HistoryEntry> all(int devId, int limit);

    /** Deletes the pipes' entries and epochs; returns how many entries. */
    int deletePipes(int devId, Collection<String> pipes);

    /** Deletes entries by id and the epochs of their pipes (the next kept publication starts a new one). */
    int deleteIds(int devId, Collection<String> ids);
}
