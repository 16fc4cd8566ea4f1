package org.cometserver.esl.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns the body of a {@code text/event-plain} or {@code text/event-json} frame into an {@link EslEvent}.
 * <ul>
 * <li>plain: {@code Name: url-encoded-value} lines, a blank line (counted in the outer Content-Length), and, if the inner
 *     headers carry their own {@code Content-Length: N}, N bytes of event body.</li>
 * <li>json: one object, every value a string, not URL-encoded; the event body is {@code "_body"}. Names can repeat
 *     (the streaming parser keeps every pair, a tree or map would drop one).</li>
 * </ul>
 */
public final class EslEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EslEventParser() {
    }

    /** True for the content types this parser understands. */
    public static boolean isEvent(EslMessage message) {
        String type = message.contentType();
        return EslContentType.EVENT_PLAIN.equals(type) || EslContentType.EVENT_JSON.equals(type);
    }

    public static EslEvent parse(EslMessage message) {
        String type = message.contentType();
        if (EslContentType.EVENT_PLAIN.equals(type)) {
            return parsePlain(message.body());
        }
        if (EslContentType.EVENT_JSON.equals(type)) {
            return parseJson(message.body());
        }
        throw new EslCodecException("not an event: Content-Type " + type);
    }

    public static EslEvent parsePlain(byte[] body) {
        int blank = indexOfBlankLine(body);
        int headerEnd = blank < 0 ? body.length : blank;
        String block = new String(body, 0, headerEnd, StandardCharsets.UTF_8);
        EslHeaders raw = EslFrameDecoder.parseHeaderLines(block);
        EslHeaders.Builder decoded = EslHeaders.builder();
        raw.entries().forEach(e -> decoded.add(e.getKey(), EslUrlCoding.decode(e.getValue())));
        EslHeaders headers = decoded.build();
        String eventBody = null;
        String length = headers.get("Content-Length");
        if (length != null && blank >= 0) {
            int bodyStart = blank + 2;
            int n;
            try {
                n = Integer.parseInt(length.trim());
            } catch (NumberFormatException e) {
                throw new EslCodecException("event Content-Length: '" + length + "'");
            }
            if (n < 0 || bodyStart + n > body.length) {
                throw new EslCodecException("event Content-Length: " + n + " (expected: <= " + (body.length - bodyStart) + ")");
            }
            eventBody = new String(body, bodyStart, n, StandardCharsets.UTF_8);
        }
        return new EslEvent(headers, eventBody);
    }

    public static EslEvent parseJson(byte[] body) {
        EslHeaders.Builder headers = EslHeaders.builder();
        String eventBody = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EslCodecException("text/event-json: not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                String text;
                if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                    // FreeSWITCH writes multi-valued headers as arrays; keep their JSON text.
                    text = p.readValueAsTree().toString();
                } else {
                    text = p.getValueAsString();
                }
                if ("_body".equals(name)) {
                    eventBody = text;
                } else {
                    headers.add(name, text == null ? "" : text);
                }
            }
        } catch (IOException e) {
            throw new EslCodecException("text/event-json: " + e.getMessage());
        }
        return new EslEvent(headers.build(), eventBody);
    }

    private static int indexOfBlankLine(byte[] body) {
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '\n' && body[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
