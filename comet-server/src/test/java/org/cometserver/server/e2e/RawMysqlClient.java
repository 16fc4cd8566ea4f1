package org.cometserver.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny MySQL-protocol client for tests that need to see (or break) the wire: HandshakeV10,
 * HandshakeResponse41 with mysql_native_password, COM_QUERY and its replies (OK, ERR, text result set with EOF
 * packets). It deliberately trusts nothing the server says beyond what it needs, and lets a test write any bytes.
 */
final class RawMysqlClient implements Closeable {
    private static final int CLIENT_LONG_PASSWORD = 0x1;
    private static final int CLIENT_CONNECT_WITH_DB = 0x8;
    private static final int CLIENT_PROTOCOL_41 = 0x200;
    private static final int CLIENT_SECURE_CONNECTION = 0x8000;
    private static final int CLIENT_PLUGIN_AUTH = 0x80000;
    private static final int COM_QUERY = 0x03;
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    /** Largest reply payload this client accepts; test replies are small. */
    private static final int MAX_REPLY = 64 * 1024 * 1024;

    /** A server reply to one command. */
    sealed interface Reply permits Ok, Err, ResultSet, Closed {
    }

    record Ok(long affectedRows, long lastInsertId) implements Reply {
    }

    record Err(int code, String sqlState, String message) implements Reply {
    }

    record ResultSet(List<String> columns, List<List<String>> rows) implements Reply {
    }

    /** The server closed the connection instead of answering. */
    record Closed() implements Reply {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int lastSequenceId;

    private RawMysqlClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection and reads nothing yet: for tests that misbehave during the handshake. */
    static RawMysqlClient open(int port) throws IOException {
        return new RawMysqlClient(new Socket("127.0.0.1", port));
    }

    /** As {@link #open(int)}, from the local address {@code localIp} (e.g. {@code 127.0.0.2}). */
    static RawMysqlClient openFrom(String localIp, int port) throws IOException {
        return new RawMysqlClient(new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(localIp), 0));
    }

    /** Connects and logs in; fails with an {@link IOException} carrying the ERR text when refused. */
    static RawMysqlClient login(int port, String user, String password, String database) throws IOException {
        RawMysqlClient client = open(port);
        try {
            Reply reply = client.authenticate(user, password, database);
            if (!(reply instanceof Ok)) {
                throw new IOException("login refused: " + reply);
            }
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Reads the greeting, answers it and returns the server's verdict (OK, ERR or Closed). */
    Reply authenticate(String user, String password, String database) throws IOException {
        byte[] greeting = readPacket();
        if (greeting == null) {
            return new Closed();
        }
        byte[] scramble = scrambleOf(greeting);
        writePacket(lastSequenceId + 1, handshakeResponse(scramble, user, password, database));
        byte[] verdict = readPacket();
        if (verdict != null && verdict.length > 1 && (verdict[0] & 0xff) == 0xfe) {
            // AuthSwitchRequest: plugin name NUL, then a fresh scramble; only mysql_native_password is spoken here.
            int nameEnd = 1;
            while (nameEnd < verdict.length && verdict[nameEnd] != 0) {
                nameEnd++;
            }
            byte[] switched = Arrays.copyOfRange(verdict, nameEnd + 1, Math.min(nameEnd + 21, verdict.length));
            writePacket(lastSequenceId + 1, nativePasswordToken(password, switched));
            verdict = readPacket();
        }
        return verdict == null ? new Closed() : replyOf(verdict);
    }

    /** HandshakeResponse41 payload logging {@code user} in with mysql_native_password over {@code scramble}. */
    static byte[] handshakeResponse(byte[] scramble, String user, String password, String database) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        int capabilities = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH
                | (database != null ? CLIENT_CONNECT_WITH_DB : 0);
        writeInt(response, capabilities, 4);
        writeInt(response, 16 * 1024 * 1024, 4);
        response.write(33);
        response.write(new byte[23], 0, 23);
        writeNulTerminated(response, user);
        byte[] token = nativePasswordToken(password, scramble);
        response.write(token.length);
        response.write(token, 0, token.length);
        if (database != null) {
            writeNulTerminated(response, database);
        }
        writeNulTerminated(response, "mysql_native_password");
        return response.toByteArray();
    }

    /** Changes the read timeout (20 s by default); a read that times out throws SocketTimeoutException. */
    void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    /** COM_QUERY with sequence id 0. */
    Reply query(String sql) throws IOException {
        return query(sql.getBytes(StandardCharsets.UTF_8));
    }

    Reply query(byte[] sql) throws IOException {
        byte[] payload = new byte[sql.length + 1];
        payload[0] = COM_QUERY;
        System.arraycopy(sql, 0, payload, 1, sql.length);
        try {
            writePacket(0, payload);
        } catch (SocketException e) {
            return new Closed();
        }
        return readReply();
    }

    /** Writes one packet with any sequence id. */
    void writePacket(int sequenceId, byte[] payload) throws IOException {
        byte[] header = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                (byte) sequenceId};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /** Writes bytes as they are, framing included. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Tells the server no more bytes come (it then sees end of stream). */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads the reply to a command: OK, ERR, a whole text result set, or Closed. */
    Reply readReply() throws IOException {
        byte[] first = readPacket();
        return first == null ? new Closed() : replyOf(first);
    }

    private Reply replyOf(byte[] first) throws IOException {
        int head = first[0] & 0xff;
        if (head == 0x00) {
            Cursor cursor = new Cursor(first, 1);
            return new Ok(cursor.lengthEncodedInt(), cursor.lengthEncodedInt());
        }
        if (head == 0xff) {
            return errOf(first);
        }
        long columnCount = new Cursor(first, 0).lengthEncodedInt();
        List<String> columns = new ArrayList<>();
        for (long i = 0; i < columnCount; i++) {
            byte[] definition = requirePacket();
            Cursor cursor = new Cursor(definition, 0);
            for (int skip = 0; skip < 4; skip++) {
                cursor.lengthEncodedString(); // catalog, schema, table, org_table
            }
            columns.add(cursor.lengthEncodedString());
        }
        requireEof(requirePacket());
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            byte[] row = requirePacket();
            if (isEof(row)) {
                return new ResultSet(columns, rows);
            }
            if ((row[0] & 0xff) == 0xff) {
                return errOf(row);
            }
            Cursor cursor = new Cursor(row, 0);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columnCount; i++) {
                values.add(cursor.lengthEncodedString());
            }
            rows.add(values);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Returns the next packet's payload, or null at end of stream. */
    byte[] readPacket() throws IOException {
        byte[] header = new byte[4];
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            header[0] = (byte) first;
            in.readFully(header, 1, 3);
        } catch (SocketException | EOFException e) {
            return null;
        }
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        if (length > MAX_REPLY) {
            throw new IOException("reply packet of " + length + " bytes");
        }
        lastSequenceId = header[3] & 0xff;
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (SocketException | EOFException e) {
            return null;
        }
        return payload;
    }

    private byte[] requirePacket() throws IOException {
        byte[] packet = readPacket();
        if (packet == null) {
            throw new EOFException("server closed in the middle of a result set");
        }
        return packet;
    }

    private static boolean isEof(byte[] packet) {
        return packet.length < 9 && (packet[0] & 0xff) == 0xfe;
    }

    private static void requireEof(byte[] packet) throws IOException {
        if (!isEof(packet)) {
            throw new IOException("expected EOF after column definitions, got " + Arrays.toString(packet));
        }
    }

    private static Err errOf(byte[] packet) {
        int code = (packet[1] & 0xff) | (packet[2] & 0xff) << 8;
        int offset = 3;
        String sqlState = "";
        if (packet.length > 3 && packet[3] == '#') {
            sqlState = new String(packet, 4, Math.min(5, packet.length - 4), StandardCharsets.UTF_8);
            offset = 9;
        }
        String message = new String(packet, Math.min(offset, packet.length), Math.max(0, packet.length - offset),
                StandardCharsets.UTF_8);
        return new Err(code, sqlState, message);
    }

    /** Auth data of a HandshakeV10: 8 bytes of part 1 and the first 12 of part 2. */
    static byte[] scrambleOf(byte[] greeting) throws IOException {
        if (greeting.length < 1 || greeting[0] != 10) {
            throw new IOException("not a HandshakeV10: " + Arrays.toString(Arrays.copyOf(greeting, 8)));
        }
        int position = 1;
        while (position < greeting.length && greeting[position] != 0) {
            position++; // server version
        }
        position += 1 + 4; // NUL, connection id
        byte[] scramble = new byte[20];
        System.arraycopy(greeting, position, scramble, 0, 8);
        position += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10; // part 1, filler, caps low, charset, status, caps high, len, reserved
        System.arraycopy(greeting, position, scramble, 8, 12);
        return scramble;
    }

    /** mysql_native_password: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))). */
    static byte[] nativePasswordToken(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] stage2 = sha1.digest(stage1);
            sha1.update(scramble);
            byte[] mask = sha1.digest(stage2);
            for (int i = 0; i < stage1.length; i++) {
                stage1[i] ^= mask[i];
            }
            return stage1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write(value >>> (8 * i));
        }
    }

    private static void writeNulTerminated(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.write(0);
    }

    /** Reads length-encoded values out of one payload. */
    private static final class Cursor {
        private final byte[] bytes;
        private int position;

        Cursor(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        long lengthEncodedInt() {
            int first = bytes[position++] & 0xff;
            return switch (first) {
                case 0xfc -> fixed(2);
                case 0xfd -> fixed(3);
                case 0xfe -> fixed(8);
                default -> first;
            };
        }

        /** A length-encoded string; {@code null} for SQL NULL (0xfb). */
        String lengthEncodedString() {
            if ((bytes[position] & 0xff) == 0xfb) {
                position++;
                return null;
            }
            int length = (int) lengthEncodedInt();
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        private long fixed(int count) {
            long value = 0;
            for (int i = 0; i < count; i++) {
                value |= (long) (bytes[position++] & 0xff) << (8 * i);
            }
            return value;
        }
    }
}
