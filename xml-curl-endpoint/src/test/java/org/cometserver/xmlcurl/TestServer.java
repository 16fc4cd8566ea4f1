package org.cometserver.xmlcurl;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.cometserver.xmlcurl.spi.DirectoryRequests;
import org.cometserver.xmlcurl.spi.DirectoryUsers;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A real {@link XmlCurlServer} on an ephemeral loopback port. */
public final class TestServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final XmlCurlServer server;
    private final InetSocketAddress address;

    public TestServer(XmlCurlConfig config, DirectoryUsers users) throws InterruptedException {
        this(config, users, DirectoryRequests.NONE);
    }

    public TestServer(XmlCurlConfig config, DirectoryUsers users, DirectoryRequests requests)
            throws InterruptedException {
        server = new XmlCurlServer(config.withListener("127.0.0.1", 0), users, requests);
        address = server.start(group, NioServerSocketChannel.class);
    }

    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() throws InterruptedException {
        server.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
