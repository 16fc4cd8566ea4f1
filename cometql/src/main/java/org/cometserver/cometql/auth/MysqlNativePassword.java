package org.cometserver.cometql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code mysql_native_password}: the client sends SHA1(pw) XOR SHA1(scramble ‖ SHA1(SHA1(pw)))
 * (CppComet {@code devInfo::testDevKey}).
 */
public final class MysqlNativePassword {
    public static final String PLUGIN_NAME = "mysql_native_password";

    private MysqlNativePassword() {
    }

    /** The response a client holding {@code password} computes for {@code scramble}. */
    public static byte[] scramble(String password, byte[] scramble) {
        MessageDigest sha1 = sha1();
        byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(scramble);
        byte[] mask = sha1.digest(stage2);
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return stage1;
    }

    public static boolean verify(String password, byte[] scramble, byte[] response) {
        return MessageDigest.isEqual(scramble(password, scramble), response);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
