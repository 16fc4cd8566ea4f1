package org.cometserver.esl.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code show channels as json}: {@code {"row_count":N,"rows":[{"uuid":"...","direction":...},...]}}, as recorded
 * (12-call-control-loopback); with no channels FreeSWITCH leaves {@code rows} out.
 */
public final class ChannelList {

    public static final String COMMAND = "show channels as json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChannelList() {
    }

    /**
     * The uuids of the listed channels.
     *
     * @throws IllegalArgumentException when the body is not such a listing ({@code -ERR ...}, truncated JSON)
     */
    public static List<String> uuids(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("show channels: not JSON: " + abbreviate(body));
        }
        if (root == null || !root.isObject() || !root.has("row_count")) {
            throw new IllegalArgumentException("show channels: no row_count: " + abbreviate(body));
        }
        List<String> uuids = new ArrayList<>();
        for (JsonNode row : root.path("rows")) {
            String uuid = row.path("uuid").asText("");
            if (!uuid.isEmpty()) {
                uuids.add(uuid);
            }
        }
        return uuids;
    }

    private static String abbreviate(String body) {
        String s = body == null ? "" : body.strip();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
