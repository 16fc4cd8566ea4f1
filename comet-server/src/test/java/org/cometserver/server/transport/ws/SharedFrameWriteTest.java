package org.cometserver.server.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.cometserver.server.auth.LoginThrottle;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.hub.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #13: a fan-out's shared frame enters the pipeline below Netty's WebSocket encoder, yet reaches the socket
 * byte for byte, and a handler that must see every outbound byte (TLS, placed in front of the encoder) still does.
 */
class SharedFrameWriteTest {
    private static final byte[] FRAME = "{\"data\":\"x\",\"event\":\"e\",\"pipe\":\"p\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theSharedFrameReachesTheSocketUnchangedAfterTheUpgradedPipeline() {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        try {
            WsSession session = session(channel);
            ByteBuf wire = wire();
            assertTrue(session.writeShared(EncodedFrame.ofUtf8(FRAME), wire));
            session.flushShared();
            ByteBuf sent = channel.readOutbound();
            assertArrayEquals(ByteBufUtil.getBytes(wire), ByteBufUtil.getBytes(sent));
            sent.release();
            wire.release();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aHandlerInFrontOfTheEncoderStillSeesTheSharedFrame() {
        List<byte[]> seen = new ArrayList<>();
        ChannelOutboundHandlerAdapter tlsStandIn = new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                seen.add(ByteBufUtil.getBytes((ByteBuf) msg));
                ctx.write(msg, promise);
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(tlsStandIn, new WebSocket13FrameEncoder(false));
        try {
            WsSession session = session(channel);
            ByteBuf wire = wire();
            assertTrue(session.writeShared(EncodedFrame.ofUtf8(FRAME), wire));
            session.flushShared();
            assertEquals(1, seen.size());
            assertArrayEquals(ByteBufUtil.getBytes(wire), seen.get(0));
            wire.release();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static WsSession session(EmbeddedChannel channel) {
        CometConfig config = CometConfig.parse("");
        WsServices services = new WsServices(null, null, null, null, LoginThrottle.NONE, Clock.systemUTC(),
                Runnable::run, config.main(), config.ws());
        return new WsSession(channel, services, new WsUrl("", 0, 0, LegacyFrames.FIRST_CURRENT_MAJOR, "u"), false,
                "", new WsSession.ClientHeaders("", "", ""));
    }

    /** A complete server text frame, as {@link EventLoopDelivery} encodes it once for every member. */
    private static ByteBuf wire() {
        return Unpooled.buffer().writeByte(0x81).writeByte(FRAME.length).writeBytes(FRAME);
    }
}
