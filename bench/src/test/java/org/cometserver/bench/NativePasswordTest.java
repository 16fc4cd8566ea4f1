package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NativePasswordTest {
    @Test
    void matchesTheAnswerTheMariadbCliGaveCppComet() {
        byte[] response = NativePassword.authResponse(
                CppCometRecording.PASSWORD.getBytes(StandardCharsets.UTF_8), CppCometRecording.SEED);
        assertArrayEquals(CppCometRecording.AUTH_RESPONSE, response);
    }

    @Test
    void ignoresTheNulThatServersAppendToTheSeed() {
        byte[] seedWithNul = new byte[21];
        System.arraycopy(CppCometRecording.SEED, 0, seedWithNul, 0, 20);
        assertArrayEquals(CppCometRecording.AUTH_RESPONSE, NativePassword.authResponse(
                CppCometRecording.PASSWORD.getBytes(StandardCharsets.UTF_8), seedWithNul));
    }

    @Test
    void sendsNothingForAnEmptyPassword() {
        assertEquals(0, NativePassword.authResponse(new byte[0], CppCometRecording.SEED).length);
    }
}
