package org.cometserver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The bare reference's whole behaviour, in CppComet's command syntax: a {@code serverInfo}-sized greeting after the
 * upgrade, {@code subscription\n<pipe>...} (replace-all), and {@code publish\n<pipe>\n<frame text>}, whose text is
 * written as it is to every subscriber of the pipe from one buffer.
 */
@ChannelHandler.Sharable
final class BareNettyWsHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final AttributeKey<List<String>> PIPES = AttributeKey.valueOf("pipes");
    private static final String SUBSCRIPTION = "subscription\n";
    private static final String PUBLISH = "publish\n";

    private final ConcurrentMap<String, ChannelGroup> subscribers = new ConcurrentHashMap<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"authorized\":false,\"data\":\"\",\"event\":\"serverInfo\","
                    + "\"message_send_time\":" + System.currentTimeMillis() / 1000
                    + ",\"pipe\":\"sys\",\"server\":\"bare netty reference\"}"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        String text = frame.text();
        if (text.startsWith(SUBSCRIPTION)) {
            subscribe(ctx.channel(), text.substring(SUBSCRIPTION.length()).split("\n"));
        } else if (text.startsWith(PUBLISH)) {
            int pipeEnd = text.indexOf('\n', PUBLISH.length());
            if (pipeEnd > 0) {
                publish(ctx.alloc(), text.substring(PUBLISH.length(), pipeEnd), text.substring(pipeEnd + 1));
            }
        }
    }

    private void subscribe(Channel channel, String[] pipes) {
        List<String> previous = channel.attr(PIPES).getAndSet(List.of(pipes));
        if (previous != null) {
            for (String pipe : previous) {
                ChannelGroup group = subscribers.get(pipe);
                if (group != null) {
                    group.remove(channel);
                }
            }
        }
        for (String pipe : pipes) {
            subscribers.computeIfAbsent(pipe, p -> new DefaultChannelGroup(p, GlobalEventExecutor.INSTANCE))
                    .add(channel);
        }
    }

    private void publish(ByteBufAllocator alloc, String pipe, String frameText) {
        ChannelGroup group = subscribers.get(pipe);
        if (group == null) {
            return;
        }
        ByteBuf once = ByteBufUtil.writeUtf8(alloc, frameText);
        try {
            for (Channel channel : group) {
                channel.writeAndFlush(new TextWebSocketFrame(once.retainedDuplicate()));
            }
        } finally {
            once.release();
        }
    }
}
