package org.cometserver.esl.transcript;

import org.cometserver.esl.codec.EslMessage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks what FreeSWITCH's output does not repeat from run to run, so a stand-in's frame and a recorded frame can be
 * compared as text. Everything not listed here must match exactly.
 * <ol>
 * <li>UUIDs (call, conference, job, {@code Core-UUID}) → {@code <uuid>}.</li>
 * <li>Clock values: {@code Event-Date-Local/GMT/Timestamp}, {@code Caller-*-Created/Answered-Time}, {@code Event-Sequence}
 *     (a process-wide counter) in plain and json events; {@code run_time}, {@code join_time}, {@code last_talking} in
 *     json_list and xml_list; every number of the {@code api status} body (uptime, session counts, idle CPU).</li>
 * <li>Audio-energy state, which depends on the talker tone's phase at the instant: {@code Current-Energy}, the
 *     {@code talking-*} statistics of {@code stop-talking}, the {@code talking} flag of list lines, json_list and
 *     xml_list.</li>
 * <li>{@code Content-Length} values, only in frames where something above was masked (the masked values change the
 *     length); frames that need no mask are compared byte for byte.</li>
 * </ol>
 */
final class TranscriptNormaliser {

    private static final Map<Pattern, String> MASKS = new java.util.LinkedHashMap<>();

    static {
        mask("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>");
        for (String header : new String[]{"Event-Date-Local", "Event-Date-GMT", "Event-Date-Timestamp", "Event-Sequence",
                "Caller-Profile-Created-Time", "Caller-Channel-Created-Time", "Caller-Channel-Answered-Time", "Current-Energy"}) {
            mask("(?m)^(" + header + "): .*$", "$1: <masked>");
            mask("\"(" + header + ")\":\"[^\"]*\"", "\"$1\":\"<masked>\"");
        }
        mask("(?m)^(talking-[a-z-]+): .*$", "$1: <masked>");
        mask("\"(talking-[a-z-]+)\":\"[^\"]*\"", "\"$1\":\"<masked>\"");
        mask("\"(run_time|join_time|last_talking)\":(\\s*)[0-9]+", "\"$1\":$2<n>");
        mask("\"talking\":(\\s*)(true|false)", "\"talking\":$1<bool>");
        mask("run_time=\"[0-9]+\"", "run_time=\"<n>\"");
        mask("<(join_time|last_talking)>[^<]*</", "<$1><n></");
        mask("<talking>(true|false)</talking>", "<talking><bool></talking>");
        mask("\\|talking(?=[|;])", "");
    }

    private static final Pattern CONTENT_LENGTH_PLAIN = Pattern.compile("(?m)^Content-Length: [0-9]+$");
    private static final Pattern CONTENT_LENGTH_JSON = Pattern.compile("\"Content-Length\":\"[0-9]+\"");

    private TranscriptNormaliser() {
    }

    private static void mask(String regex, String replacement) {
        MASKS.put(Pattern.compile(regex), replacement);
    }

    static String text(EslMessage frame) {
        StringBuilder sb = new StringBuilder();
        frame.headers().entries().forEach(h -> sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
        sb.append('\n').append(new String(frame.body(), StandardCharsets.UTF_8));
        return sb.toString();
    }

    static String normalise(EslMessage frame) {
        String s = text(frame);
        if (frame.bodyText().startsWith("UP ")) {
            s = s.replaceAll("[0-9]+(\\.[0-9]+)?", "<n>").replaceAll("(year|day|hour|minute|second|millisecond|microsecond)s?\\b", "$1(s)");
        }
        for (Map.Entry<Pattern, String> m : MASKS.entrySet()) {
            s = m.getKey().matcher(s).replaceAll(m.getValue());
        }
        if (!s.equals(text(frame))) {
            s = CONTENT_LENGTH_PLAIN.matcher(s).replaceAll("Content-Length: <masked>");
            s = CONTENT_LENGTH_JSON.matcher(s).replaceAll("\"Content-Length\":\"<masked>\"");
        }
        return s;
    }
}
