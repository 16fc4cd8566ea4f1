package org.cometserver.server.transport.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import org.cometserver.server.auth.LoginThrottle;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.transport.HandshakeCompleted;
import org.cometserver.server.transport.ws.command.WsCommandTable;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #8: a succeeded upgrade is announced with {@link HandshakeCompleted} to the handlers in front of ours. */
class HandshakeCompletedEventTest {

    @Test
    void handlersInFrontOfThePipelineLearnThatTheUpgradeSucceeded() {
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }
        };
        CometConfig config = CometConfig.parse("");
        WsServices services = new WsServices(null, null, null, null, LoginThrottle.NONE, Clock.systemUTC(),
                Runnable::run, config.main(), config.ws());
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                seen.add(event);
                ctx.fireUserEventTriggered(event);
            }
        }, new WebSocketServerProtocolHandler("/"), new WsFrameHandler(services, new WsCommandTable()));

        // a URL without parameters: answered with an error frame, no store needed
        channel.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws/", EmptyHttpHeaders.INSTANCE, null));

        assertTrue(seen.contains(HandshakeCompleted.INSTANCE), seen.toString());
        channel.finishAndReleaseAll();
    }
}
