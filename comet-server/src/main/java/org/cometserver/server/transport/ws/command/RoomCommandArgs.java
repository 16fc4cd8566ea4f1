package org.cometserver.server.transport.ws.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The checks every conference room command ({@code call_participant}, {@code conference_members},
 * {@code conference_ice_failed}) makes before it goes off the event loop, and its JSON object: read only when at most
 * {@code maxChars} long and every named field is a string.
 */
final class RoomCommandArgs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RoomCommandArgs() {
    }

    /**
     * The command's object, or empty after an error frame to {@code session}: {@code unavailable} when the server has
     * no {@code service} for it (null), {@code unauthorized} for an anonymous connection, {@code usage} for arguments
     * {@link #parse} refuses.
     */
    static Optional<JsonNode> read(WsSession session, Object service, String unavailable, String unauthorized,
                                   String args, int maxChars, List<String> textFields, String usage) {
        String refusal = service == null ? unavailable : !session.authorized() ? unauthorized : null;
        Optional<JsonNode> request = refusal == null ? parse(args, maxChars, textFields) : Optional.empty();
        if (refusal == null && request.isEmpty()) {
            refusal = usage;
        }
        if (refusal != null) {
            session.write(WsFrames.error(refusal, session.services().now()));
        }
        return request;
    }

    /** The object, or empty for text too long, not JSON, not an object, or a field missing or not a string. */
    static Optional<JsonNode> parse(String args, int maxChars, List<String> textFields) {
        if (args.length() > maxChars) {
            return Optional.empty();
        }
        JsonNode request;
        try {
            request = JSON.readTree(args);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (request == null || !request.isObject()) {
            return Optional.empty();
        }
        for (String field : textFields) {
            if (!request.path(field).isTextual()) {
                return Optional.empty();
            }
        }
        return Optional.of(request);
    }
}
