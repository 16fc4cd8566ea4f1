package org.cometserver.server.transport.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw WebSocket client for protocol tests (the JDK's): records text frames and the close. */
final class WsTestClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String CLOSED = "<closed>";
    static final String PONG = "<pong>";

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    volatile int closeCode = -1;

    private WsTestClient(int port, String path, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode = statusCode;
                received.add(CLOSED);
                return null;
            }

            @Override
            public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                received.add(PONG);
                ws.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                received.add(CLOSED);
            }
        }).join();
    }

    static WsTestClient connect(int port, String path) {
        return new WsTestClient(port, path, null);
    }

    static WsTestClient connect(int port, String path, String origin) {
        return new WsTestClient(port, path, origin);
    }

    /** The CppComet JS API's URL of a user ({@code "undefined"} key and id for anonymous pages). */
    static String url(String key, String userId, String version, String uuid) {
        return "/ws/sesion=" + key + "&myid=" + userId + "&devid=0&v=" + version + "&uuid=" + uuid + "&api=js";
    }

    WsTestClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    void sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            socket.sendText(parts[i], i == parts.length - 1).join();
        }
    }

    void ping() {
        socket.sendPing(ByteBuffer.wrap(new byte[]{'p'})).join();
    }

    /** The next text frame (or {@link #CLOSED}); fails after 5 s. */
    String next() throws InterruptedException {
        String text = received.poll(5, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return text;
    }

    /** Nothing arrives within {@code millis}. */
    String poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }
}
