package org.cometserver.server.transport.ws;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.EncodedFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * CppComet's compatibility form for JS API clients older than 4.0 (docs/CPPCOMET.md §3.3): every frame also
 * carries {@code event_name} (a copy of {@code event}) and {@code api_data}, and a {@code data} that is neither a
 * string nor a number is sent as its JSON text, except on the {@code msg} pipe. Rewritten per old client, so only
 * they pay for it.
 */
final class LegacyFrames {
    static final int FIRST_CURRENT_MAJOR = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private LegacyFrames() {
    }

    static EncodedFrame convert(EncodedFrame frame) {
        try {
            TreeMap<String, Object> fields = JSON.readValue(frame.utf8(), OBJECT);
            fields.put("event_name", fields.get("event"));
            fields.put("api_data", "for major_version < 4");
            Object data = fields.get("data");
            if (data != null && !(data instanceof String) && !(data instanceof Number)
                    && !"msg".equals(fields.get("pipe"))) {
                fields.put("data", CometFrames.sortedJson(data));
            }
            return CometFrames.sorted(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
