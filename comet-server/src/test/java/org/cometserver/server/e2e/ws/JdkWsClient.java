package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A well-behaved WebSocket client (the JDK's {@link WebSocket}) for raw protocol tests: sends command frames,
 * whole or fragmented, and hands back every text message the server sent, parsed, in order.
 */
public final class JdkWsClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
    private final WebSocket socket;

    private JdkWsClient(int port, String path) {
        Listener listener = new Listener();
        try {
            socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("WebSocket upgrade of " + path + " failed", e);
        }
    }

    /** Opens {@code path} (e.g. {@code /ws/sesion=...}) on the server's WebSocket port. */
    public static JdkWsClient connect(int port, String path) {
        return new JdkWsClient(port, path);
    }

    /** An anonymous JS-API-4.08-style connection, its serverInfo greeting already read. */
    public static JdkWsClient anonymous(int port, String uuid) {
        JdkWsClient client = connect(port, "/ws/sesion=undefined&myid=undefined&devid=0&v=4.08&uuid=" + uuid + "&api=js");
        JsonNode greeting = client.next();
        if (!"serverInfo".equals(greeting.path("event").asText())) {
            throw new AssertionError("expected serverInfo first, got " + greeting);
        }
        return client;
    }

    public void send(String text) {
        join(socket.sendText(text, true));
    }

    /** Sends one message as a text frame plus continuation frames, one per part. */
    void sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            join(socket.sendText(parts[i], i == parts.length - 1));
        }
    }

    /** Sends a ping and waits for the pong's payload. */
    ByteBuffer ping(byte[] payload) {
        join(socket.sendPing(ByteBuffer.wrap(payload)));
        return join(pong);
    }

    /** The next message from the server, parsed; fails after {@link #TIMEOUT}. */
    public JsonNode next() {
        JsonNode message = nextWithin(TIMEOUT.toMillis());
        if (message == null) {
            throw new AssertionError("no message within " + TIMEOUT + (closed.isDone() ? " (closed)" : ""));
        }
        return message;
    }

    /** The next message if one arrives within {@code millis}, else null. */
    public JsonNode nextWithin(long millis) {
        try {
            String message = messages.poll(millis, TimeUnit.MILLISECONDS);
            return message == null ? null : JSON.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException("server sent invalid JSON", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A frame's {@code data}: an object, or the JSON text a channel message carries, parsed. */
    public static JsonNode data(JsonNode frame) {
        JsonNode data = frame.path("data");
        if (!data.isTextual()) {
            return data;
        }
        try {
            return JSON.readTree(data.asText());
        } catch (IOException e) {
            throw new AssertionError("data is not JSON: " + frame, e);
        }
    }

    /** Skips messages until one matches (e.g. presence events arriving before an answer). */
    public JsonNode next(Predicate<JsonNode> match) {
        while (true) {
            JsonNode message = next();
            if (match.test(message)) {
                return message;
            }
        }
    }

    /** Waits until the server closed the connection (close frame or TCP close); returns the close code, -1 for TCP. */
    public int awaitClosed() {
        try {
            return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("connection not closed by the server within " + TIMEOUT, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Messages received but not read yet. */
    public int pending() {
        return messages.size();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("WebSocket operation failed", e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message).flip();
            pong.complete(copy);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            // the server closed the TCP connection without a close frame, as CppComet always did
            closed.complete(-1);
        }
    }
}
