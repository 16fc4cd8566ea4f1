package org.cometserver.esl.standin;

import org.cometserver.esl.codec.EslHeaders;
import org.cometserver.esl.codec.EslUrlCoding;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * An event the stand-in fires, with its headers in FreeSWITCH's order, and its two wire forms: {@code text/event-plain}
 * (URL-encoded values, blank line, body) and {@code text/event-json} (cJSON's unformatted print: values as strings,
 * repeated names kept, body in {@code _body}).
 */
final class StandInEvent {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    final String name;
    final String subclass;
    final EslHeaders headers;
    final String body;

    private StandInEvent(String name, String subclass, EslHeaders headers, String body) {
        this.name = name;
        this.subclass = subclass;
        this.headers = headers;
        this.body = body;
    }

    /**
     * The headers every FreeSWITCH event starts with, then {@code extra}; {@code body} (may be null) gets its own
     * {@code Content-Length} header as the last one.
     */
    static StandInEvent create(StandInIdentity id, String name, String subclass, String callingFile, String callingFunction,
                               int callingLine, long sequence, Instant at, EslHeaders extra, String body) {
        EslHeaders.Builder h = EslHeaders.builder();
        if (subclass != null) {
            h.add("Event-Subclass", subclass);
        }
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        h.add("Event-Name", name)
                .add("Core-UUID", id.coreUuid())
                .add("FreeSWITCH-Hostname", id.hostname())
                .add("FreeSWITCH-Switchname", id.hostname())
                .add("FreeSWITCH-IPv4", id.ipv4())
                .add("FreeSWITCH-IPv6", id.ipv6())
                .add("Event-Date-Local", LOCAL.format(at))
                .add("Event-Date-GMT", GMT.format(at))
                .add("Event-Date-Timestamp", Long.toString(micros))
                .add("Event-Calling-File", callingFile)
                .add("Event-Calling-Function", callingFunction)
                .add("Event-Calling-Line-Number", Integer.toString(callingLine))
                .add("Event-Sequence", Long.toString(sequence))
                .addAll(extra);
        if (body != null) {
            h.add("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }
        return new StandInEvent(name, subclass, h.build(), body);
    }

    String plainBody() {
        StringBuilder sb = new StringBuilder(2048);
        for (Map.Entry<String, String> e : headers.entries()) {
            sb.append(e.getKey()).append(": ").append(EslUrlCoding.encode(e.getValue())).append('\n');
        }
        sb.append('\n');
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }

    String jsonBody() {
        StringBuilder sb = new StringBuilder(2048).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : headers.entries()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            jsonString(sb, e.getKey());
            sb.append(':');
            jsonString(sb, e.getValue());
        }
        if (body != null) {
            sb.append(',');
            jsonString(sb, "_body");
            sb.append(':');
            jsonString(sb, body);
        }
        return sb.append('}').toString();
    }

    /** cJSON's escaping: quote, backslash, \b \f \n \r \t, other control characters as \\u00XX; nothing else. */
    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
