package org.cometserver.cometql.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachingSha2PasswordTest {

    @Test
    void matchesTheClientSideFormula() throws Exception {
        byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] p1 = sha.digest("secret".getBytes(StandardCharsets.UTF_8));
        byte[] p2 = sha.digest(p1);
        byte[] mask = sha.digest(concat(p2, scramble));
        byte[] expected = new byte[32];
        for (int i = 0; i < 32; i++) {
            expected[i] = (byte) (p1[i] ^ mask[i]);
        }
        assertArrayEquals(expected, CachingSha2Password.scramble("secret", scramble));
        assertTrue(CachingSha2Password.verify("secret", scramble, expected));
        assertFalse(CachingSha2Password.verify("Secret", scramble, expected));
        assertFalse(CachingSha2Password.verify("secret", scramble, new byte[31]));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
