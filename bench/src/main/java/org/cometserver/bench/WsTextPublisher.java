package org.cometserver.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Publishes over a WebSocket. To the references ({@link BareNettyWsServer}, {@link MinimalWsWriter}):
 * {@code publish\n<pipe>\n<frame>}, where the frame text is what the comet server sends for a CometQL channel
 * message, so all servers write frames of the same size. To the comet server ({@link #webPipe}): a browser's
 * {@code web_pipe2\n<web_ pipe>\n<event>\n*\n<message>}, the comet server's own way in that costs what the references'
 * command costs (one WebSocket frame, not answered before the fan-out); its delivery reports are read and dropped
 * before each publication.
 */
final class WsTextPublisher implements FanoutPublisher {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String pipe;
    private final boolean webPipe;

    WsTextPublisher(String host, int port, String pipe) throws IOException {
        this(host, port, pipe, false);
    }

    /** Publishes to a comet server's {@code web_*} channel as a browser does. */
    static WsTextPublisher webPipe(String host, int port, String pipe) throws IOException {
        if (!pipe.startsWith("web_")) {
            throw new IllegalArgumentException("a browser publishes to web_* channels only: " + pipe);
        }
        return new WsTextPublisher(host, port, pipe, true);
    }

    private WsTextPublisher(String host, int port, String pipe, boolean webPipe) throws IOException {
        this.socket = new Socket();
        this.pipe = pipe;
        this.webPipe = webPipe;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
            String key = WsHandshake.randomKey();
            out.write(WsHandshake.request(host, port, WsHandshake.anonymousPath(WsHandshake.randomUuid()), key));
            WsHandshake.checkResponse(readHead(in), key);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void publish(String message) throws IOException {
        if (webPipe) {
            // the greeting and the delivery reports so far: read without waiting, so the server never blocks on them
            in.skipNBytes(in.available());
            out.write(WsFrames.masked(WsFrames.OPCODE_TEXT,
                    ("web_pipe2\n" + pipe + "\nbench\n*\n" + message).getBytes(StandardCharsets.UTF_8)));
            return;
        }
        String frame = "{\"data\":\"" + message + "\",\"event\":\"bench\",\"message_send_time\":"
                + System.currentTimeMillis() / 1000 + ",\"pipe\":\"" + pipe + "\"}";
        out.write(WsFrames.masked(WsFrames.OPCODE_TEXT,
                ("publish\n" + pipe + "\n" + frame).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads the response head byte by byte, so no frame byte after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        byte[] head = new byte[WsHandshake.MAX_RESPONSE_HEAD];
        for (int length = 0; length < head.length; ) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade");
            }
            head[length++] = (byte) b;
            if (WsHandshake.headEnd(head, length) == length) {
                return new String(head, 0, length, StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("response head over " + WsHandshake.MAX_RESPONSE_HEAD + " bytes");
    }
}
