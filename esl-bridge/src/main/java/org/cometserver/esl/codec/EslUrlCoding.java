package org.cometserver.esl.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The URL coding of {@code text/event-plain} header values: FreeSWITCH's {@code switch_url_encode} escapes control
 * characters, bytes above 0x7E and {@value #UNSAFE} as {@code %XX} (upper-case hex) and leaves everything else, so
 * {@code ,} {@code /} {@code (} {@code )} stay as they are ({@code Event-Date-GMT: Sat,%2021%20Nov...}). Decoding only
 * undoes {@code %XX}: a {@code +} is a plus, not a space.
 */
public final class EslUrlCoding {

    static final String UNSAFE = "\r\n \"#%&+:;<=>?@[\\]^`{|}";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EslUrlCoding() {
    }

    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c < 0x20 || c > 0x7E || UNSAFE.indexOf(c) >= 0) {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    public static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex((char) in[i + 1]) >= 0 && hex((char) in[i + 2]) >= 0) {
                out.write(hex((char) in[i + 1]) << 4 | hex((char) in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
