package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GreetingTest {
    @Test
    void readsCapabilitiesAndSeedFromCppCometsGreeting() throws IOException {
        Greeting greeting = Greeting.parse(CppCometRecording.GREETING);
        assertEquals(CppCometRecording.CAPABILITIES, greeting.capabilities());
        assertArrayEquals(CppCometRecording.SEED, greeting.seed());
    }

    @Test
    void refusesATruncatedGreeting() {
        byte[] truncated = Arrays.copyOf(CppCometRecording.GREETING, 60);
        assertThrows(IOException.class, () -> Greeting.parse(truncated));
    }

    @Test
    void refusesAnotherProtocolVersion() {
        byte[] v9 = CppCometRecording.GREETING.clone();
        v9[0] = 9;
        assertThrows(IOException.class, () -> Greeting.parse(v9));
    }
}
