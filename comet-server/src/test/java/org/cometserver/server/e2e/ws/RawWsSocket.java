package org.cometserver.server.e2e.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket over a plain {@link Socket} that writes whatever bytes a test wants (unmasked or reserved frames, lying
 * lengths, garbage) and reads the server's frames, so misbehaving clients can be played.
 */
public final class RawWsSocket implements AutoCloseable {
    static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    /** A frame from the server. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWsSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** A bare TCP connection to the WebSocket port: nothing sent yet. */
    static RawWsSocket tcp(int port) {
        try {
            return new RawWsSocket(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and completes the upgrade of {@code path}; fails unless the server answers 101. */
    public static RawWsSocket upgraded(int port, String path) {
        return upgrade(tcp(port), port, path);
    }

    /** As {@link #upgraded(int, String)}, with a small receive buffer: a reader the server can fill quickly. */
    static RawWsSocket upgraded(int port, String path, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(receiveBufferBytes);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            return upgrade(new RawWsSocket(socket), port, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawWsSocket upgrade(RawWsSocket raw, int port, String path) {
        raw.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String head = raw.readHttpHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("upgrade of " + path + " refused: " + head);
        }
        return raw;
    }

    void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One client frame, masked as RFC 6455 requires of clients unless {@code masked} is false. */
    public void writeFrame(int opcode, boolean fin, byte[] payload, boolean masked) {
        write(frame(opcode, fin, payload, masked));
    }

    private static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
        }
        frame.writeBytes(body);
        return frame.toByteArray();
    }

    /** The next server frame; null when the server closed the connection (EOF or reset). */
    Frame readFrame() {
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((second & 0x80) != 0) {
                throw new AssertionError("server frames must not be masked");
            }
            if (length > 1 << 20) {
                throw new AssertionError("server frame of " + length + " bytes");
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0f, payload);
        } catch (EOFException | SocketException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame and no close within " + READ_TIMEOUT_MILLIS + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next text frame, skipping pongs and the like; null when the connection ended. */
    Frame readText() {
        for (Frame frame = readFrame(); frame != null; frame = readFrame()) {
            if (frame.opcode() == OP_TEXT || frame.opcode() == 0x8) {
                return frame;
            }
        }
        return null;
    }

    /** Reads until the server closes: a close frame or EOF. Returns the text frames seen before. */
    String drainUntilClosed() {
        StringBuilder texts = new StringBuilder();
        for (Frame frame = readFrame(); frame != null && frame.opcode() != 0x8; frame = readFrame()) {
            if (frame.opcode() == OP_TEXT) {
                texts.append(frame.text()).append('\n');
            }
        }
        return texts.toString();
    }

    String readHttpHead() {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
