package org.cometserver.server.transport.ws;

import org.cometserver.server.broker.StreamPosition;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.EncodedFrame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server → browser frames only the WebSocket side sends (docs/CPPCOMET.md §3.3); keys sorted by
 * {@link CometFrames#sorted}. Frames shared with CometQL (channel and private messages, user status) are in
 * {@link CometFrames}.
 */
public final class WsFrames {
    /** CppComet: the server string its JS API expects in {@code serverInfo}. */
    public static final String SERVER = "CppComet community 4.09 (AGPL license)";
    private static final String CLOSED_INFO = "Closed due to error. See last message.";

    private WsFrames() {
    }

    public static EncodedFrame serverInfo(boolean authorized, String hash, long now) {
        return CometFrames.sorted(Map.of("authorized", authorized, "data", hash, "event", "serverInfo",
                "message_send_time", now, "pipe", "sys", "server", SERVER));
    }

    /**
     * A queued private message replayed at login. CppComet sent no {@code queue_id}; ours is the queue position the
     * client acknowledges with {@code queue_ack} and de-duplicates by (increasing per user).
     */
    public static EncodedFrame queuedMessage(long queueId, String event, String message, long queuedAt) {
        return CometFrames.sorted(Map.of("data", message, "event", event, "fromQueue", true,
                "message_send_time", queuedAt, "pipe", "msg", "queue_id", queueId));
    }

    /**
     * A {@code pipe_log} entry. We add {@code history:true}, which CppComet never sent (§3.3). CppComet: no
     * {@code marker} either, and none must be added: its JS API 4.08 drops every message whose marker differs from
     * its tab id, so it would never show the history (issue #9).
     */
    public static EncodedFrame historyMessage(String pipe, String event, String message, long time, long userId) {
        return CometFrames.sorted(Map.of("data", message, "event", event, "fromQueue", true, "history", true,
                "message_send_time", time, "pipe", pipe, "user_id", userId));
    }

    /** The delivery report to the sender of a {@code web_pipe2}. */
    public static EncodedFrame webDeliveryReport(String pipe, String message, int delivered, long now) {
        return CometFrames.sorted(Map.of("data", Map.of("message", message, "number_messages", delivered),
                "event", "answer", "message_send_time", now, "pipe", "_answer_to_" + pipe));
    }

    /** {@code subscription} or {@code unsubscription} of a connection on a {@code track_} channel. */
    public static EncodedFrame trackEvent(String pipe, String event, long userId, String uuid, long now) {
        return CometFrames.sorted(Map.of("data", Map.of("user_id", userId, "uuid", uuid), "event", event,
                "message_send_time", now, "pipe", pipe));
    }

    /** CppComet: {@code data} is a 2-element array, not the object its docs describe (§3.3). */
    public static EncodedFrame pipeCount(int count, String marker, long now) {
        return CometFrames.sorted(Map.of("data", List.of("user_in_pipe", count), "event", "user_in_pipe",
                "marker", marker, "message_send_time", now, "pipe", "_answer_pipe_count"));
    }

    public static EncodedFrame trackPipeUsers(List<Map<String, Object>> users, String marker, long now) {
        return CometFrames.sorted(Map.of("_info", "answer for track_pipe_users", "data", users, "event", "answer",
                "marker", marker, "message_send_time", now, "pipe", "_answer"));
    }

    public static EncodedFrame userData(long userId, String data, String marker, long now) {
        return CometFrames.sorted(Map.of("data", Map.of("user_data", data, "user_id", userId), "event", "answer",
                "marker", marker, "message_send_time", now, "pipe", "_answer"));
    }

    public static EncodedFrame userStatus(long userId, long secondsOffline, long now) {
        return CometFrames.sorted(Map.of("data", Map.of("data", secondsOffline, "last_online_time", secondsOffline),
                "event", "user_status_" + userId, "message_send_time", now, "pipe", "_answer_user_status"));
    }

    /** {@code {"data":{"error":<text>, extra...},"event":"error",...,"pipe":"sys"}}. */
    public static EncodedFrame error(String text, Map<String, ?> extra, long now) {
        Map<String, Object> data = new LinkedHashMap<>(extra);
        data.put("error", text);
        return CometFrames.sorted(Map.of("data", data, "event", "error", "message_send_time", now, "pipe", "sys"));
    }

    /**
     * The frame closing a {@code recover} answer (docs/CLUSTER.md): the channel's position now and whether every
     * publication after the client's position was sent.
     */
    public static EncodedFrame recovered(String channel, StreamPosition top, boolean recovered, long now) {
        return CometFrames.sorted(Map.of("data", Map.of("channel", channel, "epoch", top.epoch(), "offset",
                top.offset(), "recovered", recovered), "event", "recovered", "message_send_time", now, "pipe",
                "_recovery"));
    }

    public static EncodedFrame error(String text, long now) {
        return error(text, Map.of(), now);
    }

    /** An error that ends the connection ({@code web_write_error}): URL errors, forbidden Origin. */
    public static EncodedFrame closingError(String text, int code, long now) {
        return error(text, Map.of("error_code", code, "info", CLOSED_INFO), now);
    }
}
