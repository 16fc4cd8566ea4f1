package org.cometserver.server.transport.ws;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.cometserver.server.transport.http.BodyRefusingAggregator;
import org.cometserver.server.transport.http.HttpRouteHandler;
import org.cometserver.server.transport.ws.command.WsCommandTable;

/**
 * The {@code [ws]} port's pipeline, top to bottom: HTTP codec (request line and headers bounded) →
 * {@link BodyRefusingAggregator} → {@link HttpRouteHandler} (plain HTTP answers; forwards WebSocket paths) → Netty's WebSocket
 * protocol handler (the handshake; removed after it) → {@link WsFrameHandler}. After the upgrade three handlers remain:
 * Netty's frame decoder and encoder and {@link WsFrameHandler}, which joins fragments up to {@code [main]
 * max_message_size} and checks text messages are UTF-8 (issue #13: Netty's aggregator and UTF-8 validator were two more
 * handlers and contexts, ≈220 bytes, on every idle connection).
 */
public final class WsChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** CppComet's WebSocket URLs and our routes are short. */
    static final int MAX_REQUEST_LINE = 4096;
    /** Headers of a browser request, cookies included; larger ones are answered 431 before being buffered. */
    static final int MAX_HEADERS = 8192;
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final WsServices services;
    private final HttpRouteHandler routes;
    private final WsCommandTable commands = new WsCommandTable();
    private final WebSocketServerProtocolConfig protocol;

    public WsChannelInitializer(WsServices services, HttpRouteHandler routes) {
        this.services = services;
        this.routes = routes;
        int maxMessage = services.main().maxMessageSize();
        this.protocol = WebSocketServerProtocolConfig.newBuilder()
                // HttpRouteHandler only lets WebSocket paths through, so every path reaching here is one
                .websocketPath("/")
                .checkStartsWith(true)
                // CppComet: answered "chat" to any requested subprotocol (§3.1)
                .subprotocols("chat")
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        // frames up to twice the limit are read and refused with an error frame, the connection
                        // kept; longer ones are refused by the decoder before allocating, and close it
                        .maxFramePayloadLength((int) Math.min(2L * maxMessage, Integer.MAX_VALUE))
                        .closeOnProtocolViolation(false)
                        .allowExtensions(false)
                        // WsFrameHandler checks each whole text message
                        .withUTF8Validator(false)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        addHandlers(channel.pipeline());
    }

    /** The handlers of a connection, also run in memory by {@link WsWarmUp}. */
    void addHandlers(ChannelPipeline pipeline) {
        pipeline.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS)));
        pipeline.addLast("http-aggregator", new BodyRefusingAggregator());
        pipeline.addLast("routes", routes);
        pipeline.addLast("ws-protocol", new WebSocketServerProtocolHandler(protocol));
        pipeline.addLast("ws-frames", new WsFrameHandler(services, commands));
    }
}
