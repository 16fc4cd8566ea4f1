package org.cometserver.xmlcurl;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlCurlServerTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final FakeDirectoryUsers users = new FakeDirectoryUsers(Map.of());
    private final XmlCurlServer server = new XmlCurlServer(XmlCurlConfig.defaults().withListener("127.0.0.1", 0), users);

    @AfterEach
    void shutDown() throws InterruptedException {
        server.stop();
        users.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void startBindsAnEphemeralPortOnce() throws Exception {
        InetSocketAddress bound = server.start(group, NioServerSocketChannel.class);
        assertTrue(bound.getPort() > 0);
        assertThrows(IllegalStateException.class, () -> server.start(group, NioServerSocketChannel.class));
    }

    @Test
    void stopClosesConnectionsStillOpenAndCanBeRepeated() throws Exception {
        InetSocketAddress bound = server.start(group, NioServerSocketChannel.class);
        try (Socket waiting = new Socket(bound.getAddress(), bound.getPort())) {
            waiting.setSoTimeout(5000);
            waiting.getOutputStream().write("GET /dire".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(100);
            server.stop();
            assertEquals(-1, waiting.getInputStream().read());
        }
        server.stop();
    }
}
