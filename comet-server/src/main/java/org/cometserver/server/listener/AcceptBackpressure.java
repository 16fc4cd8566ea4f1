package org.cometserver.server.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import io.netty.util.AttributeKey;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * On a listening channel: bounds the connections accepted but not yet taken up by their event loop. The acceptor
 * thread can accept a flood faster than the connections' loops can admit and close them; without a bound, the
 * accepted sockets queue up behind the loops, each holding a descriptor, until the process runs out of them. At
 * {@link #MAX_IN_FLIGHT} accepting pauses (the kernel's backlog holds, then drops, further connects, which clients
 * retry) and resumes once the loops caught up to half of it.
 */
@ChannelHandler.Sharable
public final class AcceptBackpressure extends ChannelInboundHandlerAdapter {
    static final int MAX_IN_FLIGHT = 256;
    private static final AttributeKey<ChannelFutureListener> CLOSED_FIRST =
            AttributeKey.valueOf("comet.accept.closed-first");

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Channel listening;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        listening = ctx.channel();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object accepted) {
        listening = ctx.channel();
        if (inFlight.incrementAndGet() >= MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
        Channel child = (Channel) accepted;
        // a connection whose registration fails never reaches ConnectionGuard: its close counts it out instead
        ChannelFutureListener closedFirst = f -> taken(child);
        child.attr(CLOSED_FIRST).set(closedFirst);
        child.closeFuture().addListener(closedFirst);
        ctx.fireChannelRead(accepted);
    }

    /** An accepted connection reached its event loop (called there, by {@link ConnectionGuard}) or closed before. */
    @SuppressWarnings("deprecation") // getAndRemove: an attribute set to null would stay on every connection (issue #13)
    void taken(Channel child) {
        ChannelFutureListener closedFirst = child.attr(CLOSED_FIRST).getAndRemove();
        if (closedFirst == null) {
            return;
        }
        child.closeFuture().removeListener(closedFirst);
        if (inFlight.decrementAndGet() == MAX_IN_FLIGHT / 2) {
            Channel channel = listening;
            if (channel != null) {
                channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
            }
        }
    }
}
