package org.cometserver.cometql.session;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking MySQL client over a real socket, speaking packets; joins and splits 16 MiB continuations. */
final class RawMysqlClient implements AutoCloseable {
    private static final int MAX_FRAME = 0xFF_FFFF;

    record Packet(int sequenceId, byte[] payload) {
        int errorCode() {
            return (payload[0] & 0xff) == 0xff ? (payload[1] & 0xff) | (payload[2] & 0xff) << 8 : -1;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final byte[] greeting;

    RawMysqlClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = read().payload();
    }

    static RawMysqlClient loggedIn(int port) throws IOException {
        RawMysqlClient client = new RawMysqlClient(port);
        client.write(1, ClientPackets.nativeLogin(client.greeting, "root", TestServer.PASSWORD, "CometQL_v1"));
        Packet ok = client.read();
        if (ok.payload()[0] != 0) {
            throw new IOException("login failed: error " + ok.errorCode());
        }
        return client;
    }

    void write(int sequenceId, byte[] payload) throws IOException {
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream(payload.length + 8);
        int offset = 0;
        int frame;
        do {
            frame = Math.min(MAX_FRAME, payload.length - offset);
            wire.write(new byte[] {(byte) frame, (byte) (frame >> 8), (byte) (frame >> 16), (byte) sequenceId++});
            wire.write(payload, offset, frame);
            offset += frame;
        } while (frame == MAX_FRAME);
        out.write(wire.toByteArray());
        out.flush();
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Packet read() throws IOException {
        byte[] payload = new byte[0];
        int sequenceId;
        int length;
        do {
            length = in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16;
            sequenceId = in.readUnsignedByte();
            byte[] joined = java.util.Arrays.copyOf(payload, payload.length + length);
            in.readFully(joined, payload.length, length);
            payload = joined;
        } while (length == MAX_FRAME);
        return new Packet(sequenceId, payload);
    }

    /** Reads a whole text result set (or a single OK/ERR) and returns its packets. */
    java.util.List<Packet> readResult() throws IOException {
        java.util.List<Packet> packets = new java.util.ArrayList<>();
        Packet first = read();
        packets.add(first);
        int type = first.payload()[0] & 0xff;
        if (type == 0x00 || type == 0xff) {
            return packets;
        }
        int eofs = 0;
        while (eofs < 2) {
            Packet packet = read();
            packets.add(packet);
            if ((packet.payload()[0] & 0xff) == 0xfe && packet.payload().length < 9) {
                eofs++;
            }
        }
        return packets;
    }

    /** True when the server closed the connection (EOF or reset) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
