package org.cometserver.cometql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The fast path of {@code caching_sha2_password}: the client sends
 * SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) ‖ scramble). We know the plain password, so this path always applies
 * and the slow path (RSA or TLS) is never needed.
 */
public final class CachingSha2Password {
    public static final String PLUGIN_NAME = "caching_sha2_password";

    private CachingSha2Password() {
    }

    /** The response a client holding {@code password} computes for {@code scramble}. */
    public static byte[] scramble(String password, byte[] scramble) {
        MessageDigest sha256 = sha256();
        byte[] stage1 = sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha256.digest(stage1);
        sha256.update(stage2);
        byte[] mask = sha256.digest(scramble);
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return stage1;
    }

    public static boolean verify(String password, byte[] scramble, byte[] response) {
        return MessageDigest.isEqual(scramble(password, scramble), response);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
