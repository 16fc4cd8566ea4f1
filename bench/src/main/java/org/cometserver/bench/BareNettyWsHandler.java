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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The bare reference's whole behaviour, in CppComet's command syntax: a {@code serverInfo}-sized greeting after the
 * upgrade, {@code subscription\n<pipe>...} (replace-all), and {@code publish\n<pipe>\n<frame text>}, whose text is
 * written as it is to every subscriber of the pipe from one buffer. For the P2P call benchmark, a bare relay:
 * {@code login\n<user id>} names the connection (answered {@code {"event":"login"}}), and
 * {@code relay\n<user id>\n<text>} forwards {@code text}'s bytes, unparsed, to that user's connection.
 */
@ChannelHandler.Sharable
final class BareNettyWsHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final AttributeKey<List<String>> PIPES = AttributeKey.valueOf("pipes");
    private static final String SUBSCRIPTION = "subscription\n";
    private static final String PUBLISH = "publish\n";
    private static final String LOGIN = "login\n";
    private static final String RELAY = "relay\n";
    private static final AttributeKey<String> USER = AttributeKey.valueOf("user");

    private final ConcurrentMap<String, ChannelGroup> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Channel> users = new ConcurrentHashMap<>();

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
        ByteBuf content = frame.content();
        if (startsWith(content, RELAY)) {
            relay(content);
            return;
        }
        String text = frame.text();
        if (text.startsWith(LOGIN)) {
            String user = text.substring(LOGIN.length());
            ctx.channel().attr(USER).set(user);
            users.put(user, ctx.channel());
            ctx.writeAndFlush(new TextWebSocketFrame("{\"event\":\"login\"}"));
            return;
        }
        if (text.startsWith(SUBSCRIPTION)) {
            subscribe(ctx.channel(), text.substring(SUBSCRIPTION.length()).split("\n"));
        } else if (text.startsWith(PUBLISH)) {
            int pipeEnd = text.indexOf('\n', PUBLISH.length());
            if (pipeEnd > 0) {
                publish(ctx.alloc(), text.substring(PUBLISH.length(), pipeEnd), text.substring(pipeEnd + 1));
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        String user = ctx.channel().attr(USER).get();
        if (user != null) {
            users.remove(user, ctx.channel());
        }
        super.channelInactive(ctx);
    }

    /** {@code relay\n<user>\n<text>}: the text's bytes, as a slice of the received frame, to the user. */
    private void relay(ByteBuf content) {
        int start = content.readerIndex() + RELAY.length();
        int newline = content.indexOf(start, content.writerIndex(), (byte) '\n');
        if (newline < 0) {
            return;
        }
        Channel target = users.get(content.toString(start, newline - start, StandardCharsets.US_ASCII));
        if (target != null) {
            target.writeAndFlush(new TextWebSocketFrame(content.retainedSlice(newline + 1,
                    content.writerIndex() - newline - 1)));
        }
    }

    private static boolean startsWith(ByteBuf content, String prefix) {
        if (content.readableBytes() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (content.getByte(content.readerIndex() + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
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
