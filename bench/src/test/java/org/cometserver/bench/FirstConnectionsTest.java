package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first-connection probe against the bare Netty reference (which greets with a serverInfo-like frame). */
class FirstConnectionsTest {

    @Test
    void timesEveryConnectionToItsGreeting() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel listener = BareNettyWsServer.bind(group, NioServerSocketChannel.class, 0);
            List<FirstConnections.Greeting> greetings =
                    FirstConnections.measure((InetSocketAddress) listener.localAddress(), 3);
            assertEquals(3, greetings.size());
            for (FirstConnections.Greeting g : greetings) {
                assertTrue(g.upgradeMillis() > 0 && g.upgradeMillis() <= g.serverInfoMillis(), g.toString());
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
