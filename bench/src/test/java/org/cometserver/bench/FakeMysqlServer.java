package org.cometserver.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted MySQL server for tests: greets with CppComet's recorded greeting, checks the native-password answer
 * (optionally after an AuthSwitchRequest with another seed), then answers each COM_QUERY with the framed bytes the
 * script returns for its text. One thread per connection.
 */
final class FakeMysqlServer implements AutoCloseable {
    static final byte[] SWITCH_SEED = "abcdefghij0123456789".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Function<String, byte[]> answers;
    private final boolean authSwitch;
    private final List<byte[]> handshakeResponses = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    FakeMysqlServer(Function<String, byte[]> answers, boolean authSwitch) throws IOException {
        this.answers = answers;
        this.authSwitch = authSwitch;
        Thread acceptor = new Thread(this::acceptLoop, "fake-mysql-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** HandshakeResponse41 payloads received so far. */
    List<byte[]> handshakeResponses() {
        return handshakeResponses;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket socket = listener.accept();
                sockets.add(socket);
                Thread session = new Thread(() -> serve(socket), "fake-mysql-session");
                session.setDaemon(true);
                session.start();
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            PacketStream packets = new PacketStream(socket.getInputStream(), out);
            packets.writePacket(0, CppCometRecording.GREETING);
            packets.readPacket();
            byte[] response = Arrays.copyOf(packets.payload(), packets.payloadLength());
            handshakeResponses.add(response);
            byte[] auth = authBytes(response);
            byte[] seed = CppCometRecording.SEED;
            if (authSwitch) {
                byte[] plugin = (NativePassword.PLUGIN + "\0").getBytes(StandardCharsets.US_ASCII);
                byte[] request = new byte[1 + plugin.length + SWITCH_SEED.length + 1];
                request[0] = (byte) 0xFE;
                System.arraycopy(plugin, 0, request, 1, plugin.length);
                System.arraycopy(SWITCH_SEED, 0, request, 1 + plugin.length, SWITCH_SEED.length);
                packets.writePacket(packets.lastSequenceId() + 1, request);
                packets.readPacket();
                auth = Arrays.copyOf(packets.payload(), packets.payloadLength());
                seed = SWITCH_SEED;
            }
            byte[] expected = NativePassword.authResponse(CppCometRecording.PASSWORD.getBytes(StandardCharsets.UTF_8),
                    seed);
            if (!Arrays.equals(auth, expected)) {
                packets.writePacket(packets.lastSequenceId() + 1,
                        ("\u00ff\u0010\u0000#HY000Authentication failure").getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            packets.writePacket(packets.lastSequenceId() + 1, CppCometRecording.LOGIN_OK);
            while (true) {
                packets.readPacket();
                byte[] command = Arrays.copyOf(packets.payload(), packets.payloadLength());
                if (command[0] == 0x01) { // COM_QUIT
                    return;
                }
                out.write(answers.apply(new String(command, 1, command.length - 1, StandardCharsets.UTF_8)));
                out.flush();
            }
        } catch (IOException ended) {
            // the client went away
        }
    }

    /** The length-prefixed auth bytes that follow the NUL-terminated user name in a HandshakeResponse41. */
    static byte[] authBytes(byte[] response) {
        int at = userNameEnd(response) + 1;
        return Arrays.copyOfRange(response, at + 1, at + 1 + (response[at] & 0xFF));
    }

    static String userName(byte[] response) {
        return new String(response, 32, userNameEnd(response) - 32, StandardCharsets.UTF_8);
    }

    /** The database name after the auth bytes (CONNECT_WITH_DB). */
    static String database(byte[] response) {
        int at = userNameEnd(response) + 1;
        int start = at + 1 + (response[at] & 0xFF);
        int end = start;
        while (response[end] != 0) {
            end++;
        }
        return new String(response, start, end - start, StandardCharsets.UTF_8);
    }

    private static int userNameEnd(byte[] response) {
        int end = 32; // capabilities 4 + max packet 4 + charset 1 + reserved 23
        while (response[end] != 0) {
            end++;
        }
        return end;
    }
}
