package org.cometserver.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal blocking MySQL-protocol client: HandshakeV10 + HandshakeResponse41 with {@code mysql_native_password}
 * (including an AuthSwitchRequest to it), COM_QUERY, and reading OK/ERR/text result-set answers without decoding rows.
 * Lean on purpose: the benchmark's client shares two cores with the server it measures.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection Phase</a>
 */
final class MysqlClientConnection implements AutoCloseable {
    static final int CLIENT_LONG_PASSWORD = 0x1;
    static final int CLIENT_LONG_FLAG = 0x4;
    static final int CLIENT_CONNECT_WITH_DB = 0x8;
    static final int CLIENT_PROTOCOL_41 = 0x200;
    static final int CLIENT_TRANSACTIONS = 0x2000;
    static final int CLIENT_SECURE_CONNECTION = 0x8000;
    static final int CLIENT_MULTI_RESULTS = 0x20000;
    static final int CLIENT_PLUGIN_AUTH = 0x80000;

    private static final int COM_QUIT = 0x01;
    private static final int COM_QUERY = 0x03;
    private static final int OK = 0x00;
    private static final int ERR = 0xFF;
    private static final int EOF = 0xFE;
    /** An EOF packet is shorter than 9 bytes; a row starting with 0xFE (8-byte lenenc) is longer. */
    private static final int EOF_MAX_LENGTH = 9;
    private static final int CHARSET_UTF8_GENERAL_CI = 33;
    private static final int MAX_PACKET_SIZE = 16 * 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** What a command's answer was. */
    enum Answer { OK, RESULT_SET, ERR }

    private final Socket socket;
    private final PacketStream packets;
    private String lastError = "";

    private MysqlClientConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.packets = new PacketStream(socket.getInputStream(), socket.getOutputStream());
    }

    /**
     * Connects and logs in; {@code database} may be null. Throws {@link IOException} when the server refuses.
     * Reads have no timeout on purpose: with one, the JDK switches the socket to non-blocking mode and polls before
     * every read, a syscall more per answer on a client that must stay lean. A stuck server is handled by
     * {@link #abort()} from the coordinator instead.
     */
    static MysqlClientConnection open(String host, int port, String user, String password, String database)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            MysqlClientConnection connection = new MysqlClientConnection(socket);
            connection.logIn(user, password.getBytes(StandardCharsets.UTF_8), database);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Returns the framed COM_QUERY packet for {@code sql}, repeated {@code count} times back to back. */
    static byte[] comQueryPackets(String sql, int count) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[1 + text.length];
        body[0] = COM_QUERY;
        System.arraycopy(text, 0, body, 1, text.length);
        byte[] one = PacketStream.frame(0, body);
        byte[] all = new byte[one.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }

    /** Sends already framed commands (see {@link #comQueryPackets}); read one answer per command afterwards. */
    void send(byte[] framedCommands) throws IOException {
        packets.writeFramed(framedCommands);
    }

    /** Reads one command's complete answer; for {@link Answer#ERR} the text is in {@link #lastError()}. */
    Answer readAnswer() throws IOException {
        packets.readPacket();
        if (packets.lastSequenceId() != 1) {
            throw new IOException("answer sequence id: " + packets.lastSequenceId() + " (expected: 1)");
        }
        int first = firstByte();
        if (first == OK) {
            return Answer.OK;
        }
        if (first == ERR) {
            lastError = errorText();
            return Answer.ERR;
        }
        skipUntilEof(); // column definitions
        do {
            packets.readPacket();
            if (firstByte() == ERR) {
                lastError = errorText();
                return Answer.ERR;
            }
        } while (!isEof());
        return Answer.RESULT_SET;
    }

    String lastError() {
        return lastError;
    }

    /** Closes the socket at once; a thread blocked reading from it gets an {@link IOException}. */
    void abort() throws IOException {
        socket.close();
    }

    /** Sends COM_QUIT and closes the socket. */
    @Override
    public void close() throws IOException {
        try {
            packets.writePacket(0, new byte[] {COM_QUIT});
        } catch (IOException ignored) {
            // The server may already be gone; closing the socket below is all that matters.
        } finally {
            socket.close();
        }
    }

    private void logIn(String user, byte[] password, String database) throws IOException {
        packets.readPacket();
        if (firstByte() == ERR) {
            throw new IOException("server refused the connection: " + errorText());
        }
        Greeting greeting = Greeting.parse(Arrays.copyOf(packets.payload(), packets.payloadLength()));
        int capabilities = CLIENT_LONG_PASSWORD | CLIENT_LONG_FLAG | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
                | CLIENT_SECURE_CONNECTION | CLIENT_MULTI_RESULTS | CLIENT_PLUGIN_AUTH;
        if (database != null) {
            capabilities |= CLIENT_CONNECT_WITH_DB;
        }
        capabilities &= greeting.capabilities() | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION;
        byte[] response = handshakeResponse(capabilities, user, NativePassword.authResponse(password, greeting.seed()),
                database);
        packets.writePacket(packets.lastSequenceId() + 1, response);
        readAuthResult(password);
    }

    private void readAuthResult(byte[] password) throws IOException {
        packets.readPacket();
        int first = firstByte();
        if (first == OK) {
            return;
        }
        if (first == ERR) {
            throw new IOException("login refused: " + errorText());
        }
        if (first != EOF) {
            throw new IOException("unsupported auth step 0x" + Integer.toHexString(first));
        }
        // AuthSwitchRequest: 0xFE, plugin name NUL, plugin data (the seed, often NUL-terminated).
        byte[] body = Arrays.copyOf(packets.payload(), packets.payloadLength());
        int nul = indexOf(body, 1, (byte) 0);
        String plugin = new String(body, 1, nul - 1, StandardCharsets.US_ASCII);
        if (!NativePassword.PLUGIN.equals(plugin)) {
            throw new IOException("unsupported auth plugin " + plugin);
        }
        byte[] seed = Arrays.copyOfRange(body, nul + 1, Math.min(body.length, nul + 1 + NativePassword.SEED_LENGTH));
        packets.writePacket(packets.lastSequenceId() + 1, NativePassword.authResponse(password, seed));
        packets.readPacket();
        if (firstByte() != OK) {
            throw new IOException("login refused after auth switch: " + errorText());
        }
    }

    private static byte[] handshakeResponse(int capabilities, String user, byte[] auth, String database) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        writeInt4(out, capabilities);
        writeInt4(out, MAX_PACKET_SIZE);
        out.write(CHARSET_UTF8_GENERAL_CI);
        out.writeBytes(new byte[23]);
        writeStringNul(out, user);
        out.write(auth.length);
        out.writeBytes(auth);
        if ((capabilities & CLIENT_CONNECT_WITH_DB) != 0) {
            writeStringNul(out, database);
        }
        if ((capabilities & CLIENT_PLUGIN_AUTH) != 0) {
            writeStringNul(out, NativePassword.PLUGIN);
        }
        return out.toByteArray();
    }

    private void skipUntilEof() throws IOException {
        do {
            packets.readPacket();
        } while (!isEof());
    }

    private boolean isEof() {
        return firstByte() == EOF && packets.payloadLength() < EOF_MAX_LENGTH;
    }

    private int firstByte() {
        return packets.payloadLength() == 0 ? -1 : packets.payload()[0] & 0xFF;
    }

    /** ERR payload: 0xFF, code (2 bytes LE), '#', 5-byte SQLSTATE, message. */
    private String errorText() {
        byte[] p = packets.payload();
        int length = packets.payloadLength();
        if (length < 3) {
            return "malformed ERR packet";
        }
        int code = (p[1] & 0xFF) | (p[2] & 0xFF) << 8;
        int messageStart = length > 3 && p[3] == '#' ? Math.min(9, length) : 3;
        return "ERR " + code + ": " + new String(p, messageStart, length - messageStart, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, int from, byte value) throws IOException {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IOException("missing NUL terminator");
    }

    private static void writeInt4(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    private static void writeStringNul(ByteArrayOutputStream out, String value) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
