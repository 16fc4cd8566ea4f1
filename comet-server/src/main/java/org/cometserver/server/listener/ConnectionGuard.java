package org.cometserver.server.listener;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

import java.util.function.Predicate;

/**
 * The child handler of a listener: admits each accepted connection through its {@link ListenerAdmission} before
 * the protocol's own pipeline is built. A refused connection is sent the listener's refusal (ERR 1040, HTTP 503)
 * and closed without ever seeing the protocol; an admitted one gets the protocol's handlers followed by a
 * {@link HandshakeWatcher} that closes it if its handshake does not complete in time.
 */
@ChannelHandler.Sharable
public final class ConnectionGuard extends ChannelInitializer<Channel> {
    private final ListenerAdmission admission;
    private final AcceptBackpressure backpressure;
    private final ChannelHandler protocol;
    private final Predicate<Object> handshakeCompleted;
    private final ConnectionExpiry expiry;
    /** One listener for every connection of the listener (a lambda per connection cost each idle one 24 bytes). */
    private final ChannelFutureListener countOut;

    /**
     * @param protocol           the protocol's channel initializer
     * @param handshakeCompleted which user event, fired by the protocol's last handler, means the connection logged
     *                           in or upgraded; a protocol without a login step passes {@code e -> false}, so its
     *                           connections live at most the handshake timeout
     * @param expiry             ends connections older than the listener's {@code maxUptime}
     */
    public ConnectionGuard(ListenerAdmission admission, AcceptBackpressure backpressure, ChannelHandler protocol,
                           Predicate<Object> handshakeCompleted, ConnectionExpiry expiry) {
        this.admission = admission;
        this.backpressure = backpressure;
        this.protocol = protocol;
        this.handshakeCompleted = handshakeCompleted;
        this.expiry = expiry;
        this.countOut = closed -> admission.closed(closed.channel());
    }

    @Override
    protected void initChannel(Channel channel) {
        backpressure.taken(channel);
        if (admission.admit(channel) != ListenerAdmission.Verdict.ADMITTED) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(admission.refusal()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        channel.closeFuture().addListener(countOut);
        expiry.watch(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(protocol);
        // last, so that an event fired by the protocol's last handler reaches it
        pipeline.addLast(HandshakeWatcher.NAME, new HandshakeWatcher(admission, handshakeCompleted));
    }
}
