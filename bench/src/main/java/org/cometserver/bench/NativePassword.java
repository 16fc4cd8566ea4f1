package org.cometserver.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code mysql_native_password} auth response:
 * {@code SHA1(password) XOR SHA1(seed || SHA1(SHA1(password)))}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html">
 *      Native Authentication</a>
 */
final class NativePassword {
    /** Plugin name as it appears in the greeting and in an AuthSwitchRequest. */
    static final String PLUGIN = "mysql_native_password";
    /** The seed length the algorithm uses; servers may append a NUL after it. */
    static final int SEED_LENGTH = 20;

    private NativePassword() {
    }

    /** Returns the 20-byte response, or an empty array for an empty password (what MySQL clients send). */
    static byte[] authResponse(byte[] password, byte[] seed) {
        if (password.length == 0) {
            return new byte[0];
        }
        MessageDigest sha1 = sha1();
        byte[] stage1 = sha1.digest(password);
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(seed, 0, Math.min(seed.length, SEED_LENGTH));
        sha1.update(stage2);
        byte[] mask = sha1.digest();
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return stage1;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE ships SHA-1", e);
        }
    }
}
