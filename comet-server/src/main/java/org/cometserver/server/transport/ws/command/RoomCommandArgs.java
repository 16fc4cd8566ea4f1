package org.cometserver.server.transport.ws.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The JSON object of the conference room commands ({@code call_participant}, {@code conference_members},
 * {@code conference_ice_failed}): read only when at most {@code maxChars} long and every named field is a string.
 */
final class RoomCommandArgs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RoomCommandArgs() {
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
