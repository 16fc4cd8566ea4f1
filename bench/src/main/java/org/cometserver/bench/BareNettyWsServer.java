package org.cometserver.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The reference the WebSocket benchmarks compare the comet server with: the least a Netty WebSocket server needs for the
 * same load (Netty's own handshake and frame codecs, a greeting frame, channel subscription and one-encode fan-out,
 * {@link BareNettyWsHandler}), on the same transport (native epoll when available). Started by {@code bench/ws-*.sh}.
 *
 * <pre>java -cp bench.jar org.cometserver.bench.BareNettyWsServer port=N [threads=1]</pre>
 */
public final class BareNettyWsServer {
    /** The same request size the comet server accepts before its upgrade. */
    private static final int MAX_REQUEST_BYTES = 8192;
    private static final int MAX_FRAME_BYTES = 64 * 1024;

    private BareNettyWsServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ReferenceServerArgs parsed = ReferenceServerArgs.parse(args, 1, "BareNettyWsServer port=N [threads=1]");
        int port = parsed.port();
        int threads = parsed.threads();
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bare-ws"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverChannel =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            Channel listener = bind(group, serverChannel, port);
            System.out.println("bare netty ws listening on " + listener.localAddress() + " ("
                    + (epoll ? "epoll" : "nio") + ", " + threads + " threads)");
            listener.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Binds the reference server on 127.0.0.1:{@code port} (0: any free port) and returns the listening channel. */
    static Channel bind(EventLoopGroup group, Class<? extends ServerChannel> serverChannel, int port)
            throws InterruptedException {
        return new ServerBootstrap().group(group).channel(serverChannel)
                .childHandler(initializer(new BareNettyWsHandler()))
                .bind("127.0.0.1", port).sync().channel();
    }

    private static ChannelInitializer<SocketChannel> initializer(BareNettyWsHandler handler) {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws").checkStartsWith(true).maxFramePayloadLength(MAX_FRAME_BYTES).build();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                        new WebSocketServerProtocolHandler(config), handler);
            }
        };
    }
}
