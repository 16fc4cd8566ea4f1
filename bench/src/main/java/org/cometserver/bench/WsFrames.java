package org.cometserver.bench;

import java.nio.ByteBuffer;

/**
 * The little of RFC 6455 framing a load client needs: masked frames to send, and the header of unmasked server frames
 * to find where each one ends. No fragmentation (CppComet sends none), no extensions.
 */
final class WsFrames {
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    static final int OPCODE_CLOSE = 0x8;
    static final int OPCODE_PING = 0x9;
    static final int OPCODE_PONG = 0xA;
    /** Larger server frames are a protocol error for this client (the comet server's default limit is 64 KiB). */
    static final int MAX_FRAME = 1 << 20;

    private static final int FIN = 0x80;
    private static final int MASKED = 0x80;
    /** The mask is not secret on loopback; a fixed non-zero key keeps encoding allocation-free and repeatable. */
    private static final byte[] MASK = {0x37, (byte) 0xFA, 0x21, 0x3D};

    private WsFrames() {
    }

    /** A complete client frame (FIN, masked) carrying {@code payload}. */
    static byte[] masked(int opcode, byte[] payload) {
        int n = payload.length;
        int lengthBytes = n < 126 ? 0 : n <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + 4 + n];
        frame[0] = (byte) (FIN | opcode);
        int at = 2;
        if (lengthBytes == 0) {
            frame[1] = (byte) (MASKED | n);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (MASKED | 126);
            frame[at++] = (byte) (n >>> 8);
            frame[at++] = (byte) n;
        } else {
            frame[1] = (byte) (MASKED | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) n >>> shift);
            }
        }
        System.arraycopy(MASK, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < n; i++) {
            frame[at + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return frame;
    }

    /**
     * Header length of the server frame starting at {@code pos}, or -1 when fewer than {@code limit - pos} bytes hold
     * it. Throws for a masked or oversized server frame.
     */
    static int headerLength(ByteBuffer buf, int pos, int limit) {
        if (limit - pos < 2) {
            return -1;
        }
        int second = buf.get(pos + 1) & 0xFF;
        if ((second & MASKED) != 0) {
            throw new IllegalStateException("server frame is masked");
        }
        int length7 = second & 0x7F;
        int header = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
        return limit - pos < header ? -1 : header;
    }

    /** Payload length of a server frame whose {@link #headerLength} is known. */
    static int payloadLength(ByteBuffer buf, int pos, int header) {
        if (header == 2) {
            return buf.get(pos + 1) & 0x7F;
        }
        if (header == 4) {
            return (buf.get(pos + 2) & 0xFF) << 8 | buf.get(pos + 3) & 0xFF;
        }
        long length = buf.getLong(pos + 2);
        if (length < 0 || length > MAX_FRAME) {
            throw new IllegalStateException("server frame of " + length + " bytes (expected: <= " + MAX_FRAME + ")");
        }
        return (int) length;
    }

    static int opcode(ByteBuffer buf, int pos) {
        return buf.get(pos) & 0x0F;
    }
}
