package org.cometserver.server.store;

/** A stored {@link QueuedMessage} with its place in the queue ({@code users_messages.seq}, increasing). */
public record QueuedEntry(long seq, QueuedMessage message) {
}
