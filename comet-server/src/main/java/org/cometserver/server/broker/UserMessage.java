package org.cometserver.server.broker;

/**
 * A private message on its way to a user's connections on every node ({@code users_messages}, invitations, call
 * frames).
 *
 * @param userId     the receiving user
 * @param frame      the frame as the user's connections get it (UTF-8 JSON)
 * @param event      the event to queue it under when no connection takes it, or null for a frame never queued
 *                   (call signalling, {@code sipStatus}: stale once the user is gone)
 * @param queuedText the text to queue (the frame's {@code data})
 */
public record UserMessage(long userId, byte[] frame, String event, String queuedText) {
    public boolean queueable() {
        return event != null;
    }
}
