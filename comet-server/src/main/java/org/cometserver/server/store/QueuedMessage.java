package org.cometserver.server.store;

/** A private message waiting for its user ({@code users_messages} row). */
public record QueuedMessage(String id, int devId, long userId, long time, long expiresAt, String event,
                            String message) {
}
