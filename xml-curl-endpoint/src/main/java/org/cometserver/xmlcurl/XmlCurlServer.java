package org.cometserver.xmlcurl;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.cometserver.xmlcurl.directory.DirectoryResponder;
import org.cometserver.xmlcurl.http.XmlCurlChannelInitializer;
import org.cometserver.xmlcurl.spi.DirectoryRequests;
import org.cometserver.xmlcurl.spi.DialInRooms;
import org.cometserver.xmlcurl.spi.DirectoryUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The mod_xml_curl directory endpoint: what this module offers the host. The host owns the event loops and passes
 * them to {@link #start}; a host with its own bootstrap can use {@link #channelInitializer()} instead.
 */
public final class XmlCurlServer {
    private static final Logger LOG = LoggerFactory.getLogger(XmlCurlServer.class);

    private final XmlCurlConfig config;
    private final XmlCurlChannelInitializer initializer;
    private final ChannelGroup connections = new DefaultChannelGroup("xml-curl", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    public XmlCurlServer(XmlCurlConfig config, DirectoryUsers users) {
        this(config, users, DirectoryRequests.NONE);
    }

    /** @param requests told how each request was answered (the host's metrics) */
    public XmlCurlServer(XmlCurlConfig config, DirectoryUsers users, DirectoryRequests requests) {
        this(config, users, DialInRooms.NONE, requests);
    }

    /**
     * @param dialIn   the rooms dial-in PINs open (the {@code dialplan} binding)
     * @param requests told how each request was answered (the host's metrics)
     */
    public XmlCurlServer(XmlCurlConfig config, DirectoryUsers users, DialInRooms dialIn, DirectoryRequests requests) {
        this.config = config;
        this.initializer = new XmlCurlChannelInitializer(config, new DirectoryResponder(users, dialIn), requests);
    }

    public ChannelInitializer<Channel> channelInitializer() {
        return initializer;
    }

    /**
     * Binds {@code ip:port} and returns the bound address (the actual port when configured 0).
     *
     * @param group        event loops that accept and serve connections
     * @param channelClass the server channel type matching the group's transport (NIO or epoll)
     * @throws InterruptedException while waiting for the bind
     * @throws IllegalStateException when already started
     */
    public synchronized InetSocketAddress start(EventLoopGroup group, Class<? extends ServerChannel> channelClass)
            throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started on " + serverChannel.localAddress());
        }
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .handler(new ConnectionTracker())
                .childHandler(initializer)
                .bind(config.ip(), config.port())
                .sync()
                .channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("FreeSWITCH directory (mod_xml_curl) listening on {}:{}{}", bound.getHostString(), bound.getPort(),
                config.path());
        return bound;
    }

    /**
     * Stops accepting and closes the connections still open, so that their buffers are released before the host
     * shuts its event loops down. A lookup cut off this way fails on FreeSWITCH's side, which then falls back to its
     * static directory.
     */
    public synchronized void stop() throws InterruptedException {
        if (serverChannel != null) {
            serverChannel.close().sync();
            serverChannel = null;
            connections.close().sync();
        }
    }

    /** On the listening channel: records each accepted connection (closed ones leave the group by themselves). */
    private final class ConnectionTracker extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            connections.add((Channel) msg);
            ctx.fireChannelRead(msg);
        }
    }
}
