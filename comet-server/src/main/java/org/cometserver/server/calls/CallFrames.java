package org.cometserver.server.calls;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.transport.ws.WsFrames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The call frames (docs/CALLS.md), all on pipe {@value #PIPE}: every P2P signal, relayed or made by the server, with
 * the signal type as {@code event}, and the SIP call status ({@value #SIP_STATUS}); keys of the frame and of
 * {@code data} sorted, as every frame of this server.
 */
public final class CallFrames {
    public static final String PIPE = "_calls";
    public static final String NOT_ANSWER = "notAnswer";
    public static final String HANG_UP = "hangUp";
    public static final String SIP_STATUS = "sipStatus";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private CallFrames() {
    }

    /** The error frame of a refused signal: {@code sessionID} and {@code signalType} added when known. */
    public static EncodedFrame refusal(String text, String sessionId, String signalType, long now) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!sessionId.isEmpty()) {
            extra.put("sessionID", sessionId);
        }
        if (!signalType.isEmpty()) {
            extra.put("signalType", signalType);
        }
        return WsFrames.error(text, extra, now);
    }

    static EncodedFrame refusal(CallSignalException e, long now) {
        return refusal(e.getMessage(), e.sessionId(), e.signalType(), now);
    }

    /** A SIP call's status, pushed to every connection of its browser user on each change. */
    static EncodedFrame sipStatus(Map<String, Object> data, long now) {
        return CometFrames.sorted(Map.of("data", data, "event", SIP_STATUS, "message_send_time", now, "pipe", PIPE));
    }

    /**
     * A relayed signal: {@code data} is what the sender sent, with {@code callerID} and {@code from} the server set
     * (nested objects such as {@code userInfo} as given).
     */
    public static EncodedFrame signal(ObjectNode data, String signalType, long now) {
        List<String> names = new ArrayList<>(data.size());
        data.fieldNames().forEachRemaining(names::add);
        Collections.sort(names);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + estimate(data));
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.setCodec(JSON);
            json.writeStartObject();
            json.writeFieldName("data");
            json.writeStartObject();
            for (String name : names) {
                json.writeFieldName(name);
                json.writeTree(data.get(name));
            }
            json.writeEndObject();
            json.writeStringField("event", signalType);
            json.writeNumberField("message_send_time", now);
            json.writeStringField("pipe", PIPE);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return EncodedFrame.ofUtf8(out.toByteArray());
    }

    /** {@code notAnswer} to the caller: {@code userId} did not answer in time, or had no connection. */
    public static EncodedFrame notAnswer(String sessionId, long callerId, long userId, long now) {
        return server(NOT_ANSWER, sessionId, callerId, userId, null, now);
    }

    /**
     * A {@code hangUp} the server makes: {@code userId}'s part in the call ended for {@code reason}
     * ({@code not_answered}, {@code disconnected}, {@code server}); when {@code userId} is the recipient itself, its
     * call is over.
     */
    public static EncodedFrame hangUp(String sessionId, long callerId, long userId, String reason, long now) {
        return server(HANG_UP, sessionId, callerId, userId, reason, now);
    }

    private static EncodedFrame server(String type, String sessionId, long callerId, long userId, String reason,
                                       long now) {
        Map<String, Object> data = reason == null
                ? Map.of("callerID", callerId, "from", 0, "sessionID", sessionId, "signalType", type,
                "userId", userId)
                : Map.of("callerID", callerId, "from", 0, "reason", reason, "sessionID", sessionId,
                "signalType", type, "userId", userId);
        return CometFrames.sorted(Map.of("data", data, "event", type, "message_send_time", now, "pipe", PIPE));
    }

    private static int estimate(ObjectNode data) {
        JsonNode sdp = data.get("sdp");
        return sdp == null ? 256 : sdp.asText().length() + 256;
    }
}
