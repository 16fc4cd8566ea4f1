package org.cometserver.server.transport.ws;

/**
 * The connection parameters of a CppComet WebSocket URL,
 * {@code /ws/sesion=<key>&myid=<user_id>&devid=<dev_id>&v=<major.minor>&uuid=<32 chars>&api=js}
 * (docs/CPPCOMET.md §3.1).
 *
 * @param session      the user key (hash or JWT) as sent, possibly {@code undefined} or empty
 * @param userId       0 when not a number
 * @param devId        0 when out of range
 * @param majorVersion the JS API's major version; below 4 gets the compatibility fields of §3.3
 * @param uuid         at most 32 chars, empty when absent
 */
public record WsUrl(String session, long userId, int devId, int majorVersion, String uuid) {
    static final int UUID_LENGTH = 32;
    /** Major version of a request whose {@code v=} was not reached: answered in the pre-4 form, as CppComet did. */
    static final int UNKNOWN_VERSION = 0;
    private static final int MAX_DIGITS = 18;

    /** A URL CppComet refuses, with its JS error code (401, 406, 418). */
    public static final class Invalid extends Exception {
        private final int code;
        private final int majorVersion;

        Invalid(int code, String text, int majorVersion) {
            super(text, null, false, false);
            this.code = code;
            this.majorVersion = majorVersion;
        }

        public int code() {
            return code;
        }

        public int majorVersion() {
            return majorVersion;
        }
    }

    /**
     * Parses positionally, as CppComet does: the session follows the first {@code =}, and user id, dev_id, version and
     * uuid follow the 1st–4th {@code &} at the offsets of their names, whatever the names really are.
     */
    public static WsUrl parse(String uri, int devIndexSize) throws Invalid {
        int equals = uri.indexOf('=');
        int amp1 = uri.indexOf('&');
        // CppComet: the recording answers both a missing '=' and a missing '&' with this text (ws-07 cases 1, 2)
        if (equals < 0 || amp1 < 0) {
            throw new Invalid(401, "Error code 401(Invalid request, the user ID can not be found)", UNKNOWN_VERSION);
        }
        String session = equals < amp1 ? uri.substring(equals + 1, amp1) : "";
        long userId = number(uri, amp1 + "&myid=".length());
        int amp2 = uri.indexOf('&', amp1 + 1);
        if (amp2 < 0) {
            throw new Invalid(406, "Error code 406(Invalid request, no public key found [1])", UNKNOWN_VERSION);
        }
        long devId = number(uri, amp2 + "&devid=".length());
        int amp3 = uri.indexOf('&', amp2 + 1);
        int major = amp3 < 0 ? -1 : version(uri, amp3 + "&v=".length());
        // CppComet: this message ends with a newline (ws-07 cases 4, 5)
        String noVersion = "Error code 418(Invalid request Not assigned client api version)\n";
        if (major < 0) {
            throw new Invalid(418, noVersion, UNKNOWN_VERSION);
        }
        int amp4 = uri.indexOf('&', amp3 + 1);
        if (amp4 < 0) {
            throw new Invalid(418, noVersion, major);
        }
        return new WsUrl(session, userId, devId < 0 || devId >= devIndexSize ? 0 : (int) devId, major,
                uuid(uri, amp4 + 1));
    }

    /** The leading decimal number at {@code from}; 0 when there is none (CppComet: {@code myid=undefined} → 0). */
    private static long number(String s, int from) {
        int end = from;
        boolean negative = end < s.length() && s.charAt(end) == '-';
        if (negative) {
            end++;
        }
        int digitsFrom = end;
        while (end < s.length() && end - digitsFrom < MAX_DIGITS && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == digitsFrom) {
            return 0;
        }
        long value = Long.parseLong(s, digitsFrom, end, 10);
        return negative ? -value : value;
    }

    /** The major of {@code <major>.<minor>} at {@code from}, -1 when malformed. */
    private static int version(String s, int from) {
        int dot = from;
        while (dot < s.length() && dot - from < 4 && Character.isDigit(s.charAt(dot))) {
            dot++;
        }
        if (dot == from || dot >= s.length() - 1 || s.charAt(dot) != '.' || !Character.isDigit(s.charAt(dot + 1))) {
            return -1;
        }
        return Integer.parseInt(s, from, dot, 10);
    }

    private static String uuid(String s, int from) {
        if (!s.startsWith("uuid=", from)) {
            return "";
        }
        int start = from + "uuid=".length();
        int end = start;
        // CppComet copied 32 bytes verbatim; we stop at the next parameter so a short uuid does not swallow it
        while (end < s.length() && end - start < UUID_LENGTH && s.charAt(end) != '&') {
            end++;
        }
        return s.substring(start, end);
    }
}
