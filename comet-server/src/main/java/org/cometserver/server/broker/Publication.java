package org.cometserver.server.broker;

/**
 * A message to a channel as it travels between nodes and lives in history.
 *
 * @param id       unique id (a UUID; {@code pipes_messages.id}); null for a publication nothing addresses: not kept
 *                 and not from a browser
 * @param channel  the channel (CppComet's "pipe")
 * @param event    event name as published (an empty event is stored as CppComet's "undefined" by the publisher)
 * @param data     the message text
 * @param time     publication time, epoch seconds ({@code message_send_time})
 * @param senderId the browser user who published it ({@code web_pipe2}, 0 for anonymous), or {@link #NO_SENDER} for
 *                 a backend publication (CometQL, notices); decides whether the frame carries {@code user_id}
 * @param position its offset and epoch when the channel keeps history, else null; set by the broker
 */
public record Publication(String id, String channel, String event, String data, long time, long senderId,
                          StreamPosition position) {
    public static final long NO_SENDER = -1;

    public Publication withPosition(StreamPosition position) {
        return new Publication(id, channel, event, data, time, senderId, position);
    }

    /** The user id stored in history ({@code pipes_messages.user_id}): 0 for a backend publication. */
    public long storedUserId() {
        return Math.max(senderId, 0);
    }
}
