package org.cometserver.esl.codec;

import java.util.Map;

/**
 * One command to FreeSWITCH: a command line ({@code api status}, {@code bgapi originate ...}, {@code event plain ...})
 * followed by optional header lines ({@code Job-UUID: ...}) and a blank line. A CR or LF inside the line or a header would
 * end the command early and let the rest be read as a second command, so they are refused here, before anything is
 * queued or written.
 */
public record EslCommand(String line, EslHeaders headers) {

    public EslCommand {
        requireSingleLine("command", line);
        if (line.isBlank()) {
            throw new IllegalArgumentException("command: empty");
        }
        for (Map.Entry<String, String> h : headers.entries()) {
            requireSingleLine("header name", h.getKey());
            requireSingleLine("header " + h.getKey(), h.getValue());
        }
    }

    public static EslCommand of(String line) {
        return new EslCommand(line, EslHeaders.EMPTY);
    }

    private static void requireSingleLine(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException(what + ": contains a line break");
            }
        }
    }

    @Override
    public String toString() {
        // auth carries the password: keep it out of logs and exception messages.
        return line.startsWith("auth ") ? "auth ****" : line;
    }
}
