package org.cometserver.server.store;

/**
 * A stored channel message ({@code pipe_messages} row).
 *
 * @param offset its number in the channel's epoch (1, 2, …), 0 for a row written before offsets existed
 * @param epoch  the channel's epoch ({@code pipe_streams}) when read, null when writing or when the channel has none
 */
public record HistoryEntry(String id, long time, String pipe, String event, String message, long userId, long offset,
                           String epoch) {
    public HistoryEntry(String id, long time, String pipe, String event, String message, long userId) {
        this(id, time, pipe, event, message, userId, 0, null);
    }
}
