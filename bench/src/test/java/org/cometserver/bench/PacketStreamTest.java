package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketStreamTest {
    /** Hands out at most one byte per read, like a socket delivering the worst possible segmentation. */
    private static InputStream oneByteAtATime(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    @Test
    void reassemblesPacketsSplitAtEveryByte() throws IOException {
        PacketStream packets = new PacketStream(oneByteAtATime(CppCometRecording.VERSION_RESULT_SET_FRAMED),
                new ByteArrayOutputStream());
        int[] lengths = {1, 31, 5, 83, 5};
        for (int i = 0; i < lengths.length; i++) {
            assertEquals(lengths[i], packets.readPacket());
            assertEquals(i + 1, packets.lastSequenceId());
        }
        assertEquals((byte) 0xFE, packets.payload()[0]);
    }

    @Test
    void readsAPayloadLargerThanItsBuffers() throws IOException {
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 7);
        PacketStream packets = new PacketStream(new ByteArrayInputStream(PacketStream.frame(3, body)),
                new ByteArrayOutputStream());
        assertEquals(body.length, packets.readPacket());
        assertArrayEquals(body, Arrays.copyOf(packets.payload(), packets.payloadLength()));
        assertEquals(3, packets.lastSequenceId());
    }

    @Test
    void framesWithLittleEndianLengthAndSequenceId() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PacketStream(new ByteArrayInputStream(new byte[0]), out).writePacket(2, new byte[] {0x0e});
        assertArrayEquals(new byte[] {1, 0, 0, 2, 0x0e}, out.toByteArray());
    }

    @Test
    void reportsAConnectionClosedInsideAPacket() {
        byte[] truncated = Arrays.copyOf(CppCometRecording.INSERT_OK_FRAMED, 7);
        PacketStream packets = new PacketStream(new ByteArrayInputStream(truncated), new ByteArrayOutputStream());
        assertThrows(EOFException.class, packets::readPacket);
    }
}
