package org.cometserver.server.listener;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import org.cometserver.server.config.MaxUptime;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ends a listener's connections once they are older than its {@code maxUptime} (CppComet's {@code maxUptime} and
 * {@code uptimeTestInterval}), each with its own timer on its event loop, cancelled when the connection closes first.
 */
public final class ConnectionExpiry {
    private final MaxUptime limit;
    private final Consumer<Channel> expire;

    /** @param expire how the protocol ends an expired connection (a WebSocket close frame, a bare close) */
    public ConnectionExpiry(MaxUptime limit, Consumer<Channel> expire) {
        this.limit = limit;
        this.expire = expire;
    }

    /** A listener whose connections never expire. */
    public static ConnectionExpiry never() {
        return new ConnectionExpiry(new MaxUptime(0, 0), channel -> { });
    }

    void watch(Channel channel) {
        if (!limit.enabled()) {
            return;
        }
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> expire.accept(channel),
                limit.closeAfterSeconds(), TimeUnit.SECONDS);
        // a closed connection must not be kept reachable by its timer for hours
        channel.closeFuture().addListener(f -> timer.cancel(false));
    }
}
