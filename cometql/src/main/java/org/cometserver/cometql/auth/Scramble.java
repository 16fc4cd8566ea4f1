package org.cometserver.cometql.auth;

import java.security.SecureRandom;

/**
 * The 20-byte nonce of the handshake. Bytes are printable 7-bit ASCII without NUL or {@code $}, as MySQL and
 * Vitess draw them: Connector/J reads the scramble as text. CppComet drew 0..253, which locks Connector/J out.
 */
public final class Scramble {
    public static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FIRST_PRINTABLE = 0x21;
    private static final int LAST_PRINTABLE = 0x7e;

    private Scramble() {
    }

    public static byte[] generate() {
        byte[] scramble = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            byte b;
            do {
                b = (byte) (FIRST_PRINTABLE + RANDOM.nextInt(LAST_PRINTABLE - FIRST_PRINTABLE + 1));
            } while (b == '$');
            scramble[i] = b;
        }
        return scramble;
    }
}
