package org.cometserver.server.listener;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * On a listening channel: failures to accept ({@code EMFILE} when the process is out of descriptors despite the
 * {@link DescriptorBudget}, {@code ENFILE}, {@code ENOBUFS}) are logged at most once per interval with a count, not
 * once each, and go no further down the pipeline, whose tail would log each one again. Accepting pauses for a
 * second, as Netty's own acceptor would have done had the failure reached it, so the loop does not spin.
 */
@ChannelHandler.Sharable
public final class AcceptErrors extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AcceptErrors.class);

    private static final long PAUSE_SECONDS = 1;

    private final String listener;
    private final RateLimitedLog failures;

    public AcceptErrors(String listener, Clock clock) {
        this.listener = listener;
        this.failures = new RateLimitedLog(log, Duration.ofSeconds(10), clock);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures.warn("{}: accepting a connection failed: {}", listener, cause.getMessage());
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            ctx.executor().schedule(() -> config.setAutoRead(true), PAUSE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
