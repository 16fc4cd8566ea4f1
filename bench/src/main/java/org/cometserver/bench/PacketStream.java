package org.cometserver.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MySQL packet framing over a blocking socket: 3-byte little-endian length, 1-byte sequence id, payload.
 * The read side keeps one growing buffer so a steady request/response loop allocates nothing.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 */
final class PacketStream {
    static final int HEADER_LENGTH = 4;
    /** A single packet's payload limit; a longer one would be split by the server, which this client never needs. */
    static final int MAX_PAYLOAD = 0xFF_FFFF - 1;

    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[64 * 1024];
    private int readPos;
    private int readLimit;
    private byte[] payload = new byte[1024];
    private int payloadLength;
    private int lastSequenceId;

    PacketStream(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Reads the next packet; its bytes are in {@link #payload()} until the next read. Returns the payload length. */
    int readPacket() throws IOException {
        ensureBuffered(HEADER_LENGTH);
        int length = (readBuffer[readPos] & 0xFF) | (readBuffer[readPos + 1] & 0xFF) << 8
                | (readBuffer[readPos + 2] & 0xFF) << 16;
        lastSequenceId = readBuffer[readPos + 3] & 0xFF;
        readPos += HEADER_LENGTH;
        if (length > MAX_PAYLOAD) {
            throw new IOException("packet length: " + length + " (expected: <= " + MAX_PAYLOAD + ")");
        }
        if (payload.length < length) {
            payload = new byte[Math.max(length, payload.length * 2)];
        }
        int copied = 0;
        while (copied < length) {
            if (readPos == readLimit) {
                fill();
            }
            int chunk = Math.min(length - copied, readLimit - readPos);
            System.arraycopy(readBuffer, readPos, payload, copied, chunk);
            readPos += chunk;
            copied += chunk;
        }
        payloadLength = length;
        return length;
    }

    byte[] payload() {
        return payload;
    }

    int payloadLength() {
        return payloadLength;
    }

    int lastSequenceId() {
        return lastSequenceId;
    }

    /** Frames and sends one payload. */
    void writePacket(int sequenceId, byte[] body) throws IOException {
        out.write(frame(sequenceId, body));
        out.flush();
    }

    /** Sends bytes that are already framed (see {@link #frame}). */
    void writeFramed(byte[] framed) throws IOException {
        out.write(framed);
        out.flush();
    }

    /** Returns header + body, ready for {@link #writeFramed}. */
    static byte[] frame(int sequenceId, byte[] body) {
        if (body.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload length: " + body.length + " (expected: <= " + MAX_PAYLOAD + ")");
        }
        byte[] framed = new byte[HEADER_LENGTH + body.length];
        framed[0] = (byte) body.length;
        framed[1] = (byte) (body.length >>> 8);
        framed[2] = (byte) (body.length >>> 16);
        framed[3] = (byte) sequenceId;
        System.arraycopy(body, 0, framed, HEADER_LENGTH, body.length);
        return framed;
    }

    private void ensureBuffered(int count) throws IOException {
        if (readLimit - readPos >= count) {
            return;
        }
        System.arraycopy(readBuffer, readPos, readBuffer, 0, readLimit - readPos);
        readLimit -= readPos;
        readPos = 0;
        while (readLimit < count) {
            readMore();
        }
    }

    private void fill() throws IOException {
        readPos = 0;
        readLimit = 0;
        readMore();
    }

    private void readMore() throws IOException {
        int n = in.read(readBuffer, readLimit, readBuffer.length - readLimit);
        if (n < 0) {
            throw new EOFException("server closed the connection");
        }
        readLimit += n;
    }
}
