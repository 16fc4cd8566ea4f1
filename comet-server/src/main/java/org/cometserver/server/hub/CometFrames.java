package org.cometserver.server.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.StreamPosition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * CppComet's server → client JSON frames (docs/CPPCOMET.md §3.3). CppComet: nlohmann::json keeps object keys in
 * alphabetical order and writes no whitespace, so every frame here does the same; strings are raw (a CometQL
 * message is put in {@code data} as given, backslashes included, §3.9).
 */
public final class CometFrames {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper SORTED = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private CometFrames() {
    }

    /** {@code {"data":"<message>","event":"<event>","message_send_time":<unix>,"pipe":"<pipe>"}}. */
    public static EncodedFrame channelMessage(String pipe, String event, String message, long sendTime) {
        return EncodedFrame.lazy(() -> channelMessageBytes(pipe, event, message, sendTime));
    }

    private static byte[] channelMessageBytes(String pipe, String event, String message, long sendTime) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + pipe.length() + event.length() + message.length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("data", message);
            json.writeStringField("event", event);
            json.writeNumberField("message_send_time", sendTime);
            json.writeStringField("pipe", pipe);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A publication as its channel's subscribers get it, live or recovered ({@link #channelMessage}). */
    public static EncodedFrame publication(Publication p) {
        StreamPosition position = p.position();
        return position == null ? channelMessage(p.channel(), p.event(), p.data(), p.time(), null, 0, p.senderId())
                : channelMessage(p.channel(), p.event(), p.data(), p.time(), position.epoch(), position.offset(),
                p.senderId());
    }

    /**
     * A publication's channel frame: {@link #channelMessage} plus {@code "epoch"} and {@code "offset"} when it is kept
     * ({@code epoch} not null) and {@code "user_id"} when a browser published it ({@code senderId >= 0}, as
     * {@code web_pipe2} frames); keys in CppComet's sorted order (docs/CLUSTER.md).
     */
    public static EncodedFrame channelMessage(String pipe, String event, String message, long sendTime, String epoch,
                                              long offset, long senderId) {
        if (epoch == null && senderId < 0) {
            return channelMessage(pipe, event, message, sendTime);
        }
        return EncodedFrame.lazy(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(96 + pipe.length() + event.length()
                    + message.length());
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("data", message);
                if (epoch != null) {
                    json.writeStringField("epoch", epoch);
                }
                json.writeStringField("event", event);
                json.writeNumberField("message_send_time", sendTime);
                if (epoch != null) {
                    json.writeNumberField("offset", offset);
                }
                json.writeStringField("pipe", pipe);
                if (senderId >= 0) {
                    json.writeNumberField("user_id", senderId);
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    /** {@code {"data":"<message>","event":"<event>","pipe":"msg"}}: a live private message. */
    public static EncodedFrame privateMessage(String event, String message) {
        return sorted(Map.of("data", message, "event", event, "pipe", "msg"));
    }

    /** A private message whose {@code data} is an object (e.g. {@code sys_sipCall}). */
    public static EncodedFrame privateMessage(String event, Map<String, ?> data) {
        return sorted(Map.of("data", data, "event", event, "pipe", "msg"));
    }

    /** {@code {"data":"online","event":"online","pipe":"user_status_<id>"}} (or offline). */
    public static EncodedFrame userStatus(long userId, boolean online) {
        String status = online ? "online" : "offline";
        return sorted(Map.of("data", status, "event", status, "pipe", userStatusPipe(userId)));
    }

    public static String userStatusPipe(long userId) {
        return "user_status_" + userId;
    }

    /** Any frame from maps, lists, strings and numbers; keys of every map sorted. */
    public static EncodedFrame sorted(Map<String, ?> frame) {
        try {
            return EncodedFrame.ofUtf8(SORTED.writeValueAsBytes(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value (map, list, string, number) as JSON text in CppComet's form: map keys sorted, no whitespace. */
    public static String sortedJson(Object value) {
        try {
            return SORTED.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
