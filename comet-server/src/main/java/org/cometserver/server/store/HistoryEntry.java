package org.cometserver.server.store;

/** A stored channel message ({@code pipe_messages} row). */
public record HistoryEntry(String id, long time, String pipe, String event, String message, long userId) {
}
