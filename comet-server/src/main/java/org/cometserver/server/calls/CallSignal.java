package org.cometserver.server.calls;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One P2P signal a browser sent ({@code call_signal}, docs/CALLS.md), its fields checked. {@code payload} is the object
 * that is relayed: as sent, without {@code to}, {@code callerID} and {@code from} (the server sets the last two).
 *
 * @param to        the user the signal is for, 0 when not given
 * @param callType  1 video, 2 audio; 0 when not given
 * @param opponents {@code opponentsIDs} of a {@code call}, empty when not given
 * @param userInfo  the {@code userInfo} object, null when not given
 */
public record CallSignal(Type type, String sessionId, long to, int callType, List<Long> opponents, JsonNode userInfo,
                         ObjectNode payload) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Opponents a {@code call} may list before it is refused as a whole (max_participants is checked later). */
    private static final int MAX_LISTED_OPPONENTS = 64;

    /** The signal types of ConnectyCube's protocol (seed 003) by their wire names. */
    public enum Type {
        CALL("call"), ACCEPT("accept"), REJECT("reject"), HANG_UP("hangUp"), ICE_CANDIDATES("iceCandidates"),
        UPDATE("update");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Type of(String wire) {
            for (Type type : values()) {
                if (type.wire.equals(wire)) {
                    return type;
                }
            }
            return null;
        }
    }

    /**
     * Parses and checks a {@code call_signal} argument.
     *
     * @throws CallSignalException with what is wrong (and the session id and type when they could be read)
     */
    public static CallSignal parse(String json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CallSignalException("call_signal needs a JSON object", "", "");
        }
        if (tree == null || !tree.isObject()) {
            throw new CallSignalException("call_signal needs a JSON object", "", "");
        }
        ObjectNode payload = (ObjectNode) tree;
        JsonNode typeNode = payload.get("signalType");
        JsonNode sessionNode = payload.get("sessionID");
        String typeText = typeNode != null && typeNode.isTextual() ? typeNode.asText() : "";
        String sessionId = sessionNode != null && sessionNode.isTextual() ? sessionNode.asText() : "";
        Type type = Type.of(typeText);
        if (type == null) {
            throw new CallSignalException("Unknown signalType: call, accept, reject, hangUp, iceCandidates or update",
                    sessionId, typeText.length() > 32 ? "" : typeText);
        }
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new CallSignalException("sessionID must be 1 to 64 characters of A-Z a-z 0-9 _ . : -",
                    sessionId.length() > 64 ? "" : sessionId, typeText);
        }
        Fields fields = new Fields(payload, sessionId, typeText);
        long to = fields.userId("to");
        int callType = (int) fields.number("callType", 1, 2, "1 (video) or 2 (audio)");
        List<Long> opponents = fields.opponents();
        JsonNode userInfo = payload.get("userInfo");
        if (userInfo != null && !userInfo.isObject()) {
            throw fields.refused("userInfo must be a JSON object");
        }
        fields.text("sdp");
        fields.text("platform");
        switch (type) {
            case CALL -> {
                fields.required(callType != 0, "callType");
                fields.required(payload.has("sdp"), "sdp");
            }
            case ACCEPT -> fields.required(payload.has("sdp"), "sdp");
            case ICE_CANDIDATES -> fields.candidates();
            default -> {
            }
        }
        payload.remove(List.of("to", "callerID", "from"));
        return new CallSignal(type, sessionId, to, callType, opponents, userInfo, payload);
    }

    /**
     * The {@code sessionID} and {@code signalType} of a signal that is not parsed (too large, over the rate), for its
     * error frame: read with the streaming parser, nested values skipped; empty strings when not found.
     */
    public static String[] peek(String json) {
        String[] found = {"", ""};
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && ("sessionID".equals(name) || "signalType".equals(name))) {
                    String text = parser.getText();
                    if (text.length() <= 64) {
                        found["sessionID".equals(name) ? 0 : 1] = text;
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // what was found before the error is kept
        }
        return found;
    }

    /** The checks of one signal's fields; failures name the session and type. */
    private record Fields(ObjectNode payload, String sessionId, String type) {

        CallSignalException refused(String text) {
            return new CallSignalException(text, sessionId, type);
        }

        void required(boolean present, String field) {
            if (!present) {
                throw refused(type + " needs " + field);
            }
        }

        void text(String field) {
            JsonNode node = payload.get(field);
            if (node != null && !node.isTextual()) {
                throw refused(field + " must be a string");
            }
        }

        /** A positive user id (a number, or a string of digits as some clients send ids); 0 when absent. */
        long userId(String field) {
            JsonNode node = payload.get(field);
            if (node == null || node.isNull()) {
                return 0;
            }
            long id = idOf(node);
            if (id <= 0) {
                throw refused(field + " must be a positive user id");
            }
            return id;
        }

        long number(String field, long min, long max, String expected) {
            JsonNode node = payload.get(field);
            if (node == null || node.isNull()) {
                return 0;
            }
            long value = idOf(node);
            if (value < min || value > max) {
                throw refused(field + " must be " + expected);
            }
            return value;
        }

        List<Long> opponents() {
            JsonNode node = payload.get("opponentsIDs");
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray() || node.size() > MAX_LISTED_OPPONENTS) {
                throw refused("opponentsIDs must be an array of user ids");
            }
            Set<Long> ids = new LinkedHashSet<>();
            for (JsonNode element : node) {
                long id = idOf(element);
                if (id <= 0) {
                    throw refused("opponentsIDs must be an array of positive user ids");
                }
                if (!ids.add(id)) {
                    throw refused("opponentsIDs lists user " + id + " twice");
                }
            }
            return new ArrayList<>(ids);
        }

        void candidates() {
            JsonNode node = payload.get("iceCandidates");
            if (node == null || !node.isArray()) {
                throw refused("iceCandidates needs an array iceCandidates");
            }
            for (JsonNode candidate : node) {
                if (!candidate.isObject()) {
                    throw refused("iceCandidates must be objects {sdpMLineIndex, sdpMid, candidate}");
                }
            }
        }

        private static long idOf(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.asLong();
            }
            if (node.isTextual() && node.asText().matches("[0-9]{1,18}")) {
                return Long.parseLong(node.asText());
            }
            return -1;
        }
    }
}
