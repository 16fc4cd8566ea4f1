package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsFramesTest {
    @Test
    void masksTextFramesWithEachLengthEncoding() {
        for (int length : new int[] {0, 125, 126, 65535, 65536}) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) i;
            }
            byte[] frame = WsFrames.masked(WsFrames.OPCODE_TEXT, payload);
            assertEquals((byte) 0x81, frame[0]);
            assertEquals(0x80, frame[1] & 0x80, "client frames are masked");
            int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
            assertEquals(header + 4 + length, frame.length);
            byte[] unmasked = new byte[length];
            for (int i = 0; i < length; i++) {
                unmasked[i] = (byte) (frame[header + 4 + i] ^ frame[header + (i & 3)]);
            }
            assertArrayEquals(payload, unmasked);
        }
    }

    @Test
    void findsServerFrameBoundariesOnlyWhenTheHeaderIsComplete() {
        byte[] text = "{\"data\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer small = ByteBuffer.wrap(concat(new byte[] {(byte) 0x81, (byte) text.length}, text));
        assertEquals(-1, WsFrames.headerLength(small, 0, 1));
        assertEquals(2, WsFrames.headerLength(small, 0, 2));
        assertEquals(text.length, WsFrames.payloadLength(small, 0, 2));
        assertEquals(WsFrames.OPCODE_TEXT, WsFrames.opcode(small, 0));

        ByteBuffer medium = ByteBuffer.wrap(new byte[] {(byte) 0x81, 126, 0x01, 0x00});
        assertEquals(-1, WsFrames.headerLength(medium, 0, 3));
        assertEquals(4, WsFrames.headerLength(medium, 0, 4));
        assertEquals(256, WsFrames.payloadLength(medium, 0, 4));
    }

    @Test
    void refusesMaskedAndOversizedServerFrames() {
        ByteBuffer masked = ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x85});
        assertThrows(IllegalStateException.class, () -> WsFrames.headerLength(masked, 0, 2));
        ByteBuffer huge = ByteBuffer.allocate(10).put(0, (byte) 0x81).put(1, (byte) 127)
                .putLong(2, WsFrames.MAX_FRAME + 1L);
        assertEquals(10, WsFrames.headerLength(huge, 0, 10));
        assertThrows(IllegalStateException.class, () -> WsFrames.payloadLength(huge, 0, 10));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
