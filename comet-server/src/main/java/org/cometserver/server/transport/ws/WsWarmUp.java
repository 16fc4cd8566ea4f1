package org.cometserver.server.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.server.auth.LoginThrottle;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.transport.http.HttpRouteHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Warms the {@code [ws]} path up at start, so that the first browser of a fresh process is greeted as fast as the next
 * ones (it paid ≈0.7 s of class loading: HTTP codec, handshaker, URL parser, session, JSON frames; issue #9). First one
 * anonymous connection (upgrade, {@code serverInfo}, a subscription) runs through the handlers in memory while the
 * server starts, with a hub of its own and no store: no user sees it (no connection counted, no presence event, no
 * {@code users_time} write). Then {@code /info} requests go through the open port, one per event loop.
 */
public final class WsWarmUp {
    private static final String UUID = "warmUp" + "0".repeat(26);
    /** An anonymous connection of dev_id 0 (also the tests' way in). */
    static final String REQUEST = "GET /ws/sesion=&myid=&devid=0&v=4.08&uuid=" + UUID + "&api=js HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    private static final String COMMAND = "subscription\nwarm_up";
    private static final String INFO_REQUEST = "GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static final int LOOPBACK_TIMEOUT_MILLIS = 2000;
    private static final int FIN_TEXT = 0x81;
    private static final int MASKED = 0x80;

    private WsWarmUp() {
    }

    /**
     * Starts {@link #run} on a thread of its own (the handlers keep per-loop state in thread locals), so that it
     * overlaps the store's opening.
     */
    public static CompletableFuture<Boolean> inBackground(CometConfig config) {
        CompletableFuture<Boolean> greeted = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                greeted.complete(run(config));
            } catch (RuntimeException | Error e) {
                greeted.completeExceptionally(e);
            }
        }, "ws-warm-up");
        thread.setDaemon(true);
        thread.start();
        return greeted;
    }

    /**
     * Returns whether the connection was greeted. Its services reach nothing shared: a hub of its own, and neither
     * store nor store executor (an anonymous login uses none; were one used, the connection would fail, not leak).
     */
    static boolean run(CometConfig config) {
        Executor noStore = task -> {
            throw new RejectedExecutionException("no store executor in the warm-up");
        };
        WsServices services = new WsServices(new LocalHub(), null, null, null, LoginThrottle.NONE,
                Clock.systemUTC(), noStore, config.main(), config.ws());
        EmbeddedChannel channel = new LoopbackChannel();
        try {
            // no readiness nor metrics: the warm-up asks for neither /ready nor /metrics
            new WsChannelInitializer(services, new HttpRouteHandler(config, noStore, null, null))
                    .addHandlers(channel.pipeline());
            channel.writeInbound(Unpooled.copiedBuffer(REQUEST, StandardCharsets.US_ASCII));
            channel.writeInbound(maskedText(COMMAND));
            channel.runPendingTasks();
            return written(channel).contains("\"event\":\"serverInfo\"");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /**
     * Asks the bound port for {@code /info} over loopback once per event loop (connections are spread over them in
     * turn): the accepting side (socket channel, listener admission) is loaded, which {@link #run} cannot reach, and
     * every loop's thread is started with its caches. Plain HTTP answers: no user sees them either.
     *
     * @throws IOException when the port does not answer in time
     */
    public static void overLoopback(InetSocketAddress listening, int eventLoops) throws IOException {
        InetAddress ip = listening.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress()
                : listening.getAddress();
        for (int i = 0; i < eventLoops; i++) {
            askInfo(new InetSocketAddress(ip, listening.getPort()));
        }
    }

    private static void askInfo(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, LOOPBACK_TIMEOUT_MILLIS);
            socket.setSoTimeout(LOOPBACK_TIMEOUT_MILLIS);
            socket.getOutputStream().write(INFO_REQUEST.getBytes(StandardCharsets.US_ASCII));
            // the answer ends with the connection (Connection: close)
            socket.getInputStream().readAllBytes();
        }
    }

    /** A client frame masked with the key 0 (RFC 6455 §5.3 allows any key; the payload stays as it is). */
    static ByteBuf maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeByte(FIN_TEXT).writeByte(MASKED | payload.length).writeInt(0).writeBytes(payload);
    }

    static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            if (message instanceof ByteBuf bytes) {
                out.append(bytes.toString(StandardCharsets.ISO_8859_1));
                bytes.release();
            }
        }
        return out.toString();
    }

    /** The handlers read the client's address as an IP socket address. */
    static final class LoopbackChannel extends EmbeddedChannel {
        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }
    }
}
