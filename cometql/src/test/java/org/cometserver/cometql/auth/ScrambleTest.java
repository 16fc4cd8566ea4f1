package org.cometserver.cometql.auth;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScrambleTest {

    @Test
    void isTwentyPrintableBytesWithoutNulOrDollar() {
        byte[] previous = Scramble.generate();
        for (int i = 0; i < 1000; i++) {
            byte[] scramble = Scramble.generate();
            assertEquals(20, scramble.length);
            for (byte b : scramble) {
                assertTrue(b >= 0x21 && b <= 0x7e && b != '$', "byte " + b);
            }
            assertFalse(Arrays.equals(previous, scramble));
            previous = scramble;
        }
    }
}
