package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** The call set-up client against the bare relay, in-process and small; and its field reading. */
class P2pCallBenchTest {

    @Test
    void everyCallIsAcceptedAndHungUpThroughTheBareRelay() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel listener = BareNettyWsServer.bind(group, NioServerSocketChannel.class, 0);
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            P2pCallBench bench = new P2pCallBench(5, new int[] {40}, 0, 1, 20, 500, 100);

            List<P2pCallBench.Figures> figures = bench.run(new P2pCallBench.Target("bare", port,
                    ProcessHandle.current().pid(), 0));

            P2pCallBench.Figures f = figures.get(0);
            assertTrue(f.started() >= 20, "at least min-samples set-ups: " + f.started());
            assertEquals(f.started(), f.completed());
            assertEquals(3 * f.started(), f.signals(), "call, accept and hangUp of each");
            assertEquals(f.started(), f.callNanos().length);
            assertEquals(f.started(), f.acceptNanos().length);
            assertEquals(0, f.errors());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void readsTheFieldsOfBothServersFrames() {
        String comet = "{\"data\":{\"callType\":1,\"callerID\":3,\"from\":3,\"opponentsIDs\":[500004],\"sdp\":\"v=0\","
                + "\"sessionID\":\"b17\",\"signalType\":\"call\",\"userInfo\":{\"benchT\":123456789}},\"event\":\"call\","
                + "\"message_send_time\":1,\"pipe\":\"_calls\"}";
        assertEquals("call", P2pCallBench.string(comet, "signalType"));
        assertEquals("b17", P2pCallBench.string(comet, "sessionID"));
        assertEquals(3, P2pCallBench.number(comet, "from"));
        assertEquals(123456789, P2pCallBench.number(comet, "benchT"));
        assertEquals(-1, P2pCallBench.number(comet, "to"));
        assertNull(P2pCallBench.string(comet, "platform"));
        assertTrue(P2pCallBench.sdp("offer", 1800).length() >= 1800);
    }
}
