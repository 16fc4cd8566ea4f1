package org.cometserver.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time to {@code serverInfo} of the first anonymous connections to a freshly started comet server, one after the other
 * (issue #9: the first used to wait ≈0.7 s, later ones 1–17 ms). Timed from the request's first byte to the bytes
 * read, so this client's own connect and checks are left out.
 */
final class FirstConnections {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int LENGTH_16 = 126;

    private FirstConnections() {
    }

    /** Milliseconds from the request to the 101 answer and to the first frame. */
    record Greeting(double upgradeMillis, double serverInfoMillis) {
    }

    /** Prints the 1st and the {@code count}-th connection's time to the upgrade and to {@code serverInfo}. */
    static void report(String target, InetSocketAddress server, int count) throws IOException {
        List<Greeting> greetings = measure(server, count);
        Greeting first = greetings.get(0);
        Greeting last = greetings.get(count - 1);
        System.out.printf(Locale.ROOT, "%-6s first connection: serverInfo after %.1f ms (upgrade %.1f ms); "
                        + "connection %d: %.1f ms (upgrade %.1f ms)%n", target, first.serverInfoMillis(),
                first.upgradeMillis(), count, last.serverInfoMillis(), last.upgradeMillis());
    }

    /** {@code count} connections, one after the other. */
    static List<Greeting> measure(InetSocketAddress server, int count) throws IOException {
        List<Greeting> greetings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            greetings.add(greet(server));
        }
        return greetings;
    }

    private static Greeting greet(InetSocketAddress server) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.connect(server, READ_TIMEOUT_MILLIS);
            String key = WsHandshake.randomKey();
            byte[] request = WsHandshake.request(server.getHostString(), server.getPort(),
                    WsHandshake.anonymousPath(WsHandshake.randomUuid()), key);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long start = System.nanoTime();
            socket.getOutputStream().write(request);
            String head = readHead(in);
            long upgraded = System.nanoTime();
            String frame = readFrame(in);
            long greeted = System.nanoTime();
            // checked after the clock: this client's first SHA-1 is not the server's time
            WsHandshake.checkResponse(head, key);
            if (!frame.contains("\"serverInfo\"")) {
                throw new IOException("first frame is not serverInfo: " + frame);
            }
            return new Greeting((upgraded - start) / 1e6, (greeted - start) / 1e6);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        byte[] head = new byte[WsHandshake.MAX_RESPONSE_HEAD];
        for (int length = 0; length < head.length; length++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade");
            }
            head[length] = (byte) b;
            if (WsHandshake.headEnd(head, length + 1) > 0) {
                return new String(head, 0, length + 1, StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("upgrade answer longer than " + head.length + " bytes");
    }

    /** The payload of an unmasked text frame no longer than 64 KiB (a greeting is ≈150 bytes). */
    private static String readFrame(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        int length = in.readUnsignedByte();
        if (length == LENGTH_16) {
            length = in.readUnsignedShort();
        } else if (length > LENGTH_16) {
            throw new IOException("unexpected frame length byte " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }
}
