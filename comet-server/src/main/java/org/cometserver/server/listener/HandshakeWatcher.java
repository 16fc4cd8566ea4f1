package org.cometserver.server.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Closes a connection whose handshake (CometQL login, WebSocket upgrade) has not completed within the listener's
 * {@code handshake_timeout}, like MySQL's {@code connect_timeout}; on completion it tells the admission and removes
 * itself, so a logged-in connection carries no timer and no handler of ours.
 */
final class HandshakeWatcher extends ChannelInboundHandlerAdapter {
    static final String NAME = "handshake-watcher";

    private final ListenerAdmission admission;
    private final Predicate<Object> handshakeCompleted;
    private ScheduledFuture<?> timer;

    HandshakeWatcher(ListenerAdmission admission, Predicate<Object> handshakeCompleted) {
        this.admission = admission;
        this.handshakeCompleted = handshakeCompleted;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            admission.handshakeTimedOut(ctx.channel());
            ctx.close();
        }, admission.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (handshakeCompleted.test(event)) {
            admission.handshakeCompleted(ctx.channel());
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel(false);
    }
}
