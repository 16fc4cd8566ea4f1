package org.cometserver.cometql.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.protocol.MysqlPacketDecoder;
import org.cometserver.cometql.protocol.MysqlPacketEncoder;
import org.cometserver.cometql.spi.CometQlAccounts;
import org.cometserver.cometql.spi.LoginThrottle;
import org.cometserver.cometql.sql.QueryEngine;

import java.util.concurrent.TimeUnit;

/** The pipeline of a CometQL connection: idle timeout → packet decoder → packet encoder → connection handler. */
public final class MysqlChannelInitializer extends ChannelInitializer<Channel> {
    /**
     * Largest packet accepted before the login succeeded: a handshake response is a few hundred bytes, and an
     * unauthenticated client must not make us buffer {@code max_packet_size} bytes.
     */
    static final int PRE_LOGIN_MAX_PACKET = 16 * 1024;

    private final CometQlConfig config;
    private final QueryEngine engine;
    private final CometQlAccounts accounts;
    private final LoginThrottle throttle;
    private final ConnectionShutdown shutdown = new ConnectionShutdown();
    private final ConnectionCounters counters = new ConnectionCounters();

    public MysqlChannelInitializer(CometQlConfig config, QueryEngine engine, CometQlAccounts accounts,
                                   LoginThrottle throttle) {
        this.config = config;
        this.engine = engine;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @Override
    protected void initChannel(Channel channel) {
        counters.connectionOpened();
        channel.closeFuture().addListener(f -> counters.connectionClosed());
        MysqlSession session = new MysqlSession(counters.nextConnectionId(), config, engine, counters);
        ChannelPipeline pipeline = channel.pipeline();
        if (!config.idleTimeout().isZero()) {
            // MySQL's wait_timeout counts from the last command read; watching only reads also spares every
            // response the write promise and listener that writer- or all-idle tracking costs
            pipeline.addLast(new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast(new MysqlPacketDecoder(Math.min(PRE_LOGIN_MAX_PACKET, config.maxPacketSize())));
        pipeline.addLast(MysqlPacketEncoder.INSTANCE);
        pipeline.addLast(new MysqlConnectionHandler(session, new LoginExchange(session, accounts, throttle,
                channel.remoteAddress()), shutdown));
    }

    /** The shutdown of every connection of this listener. */
    public ConnectionShutdown shutdown() {
        return shutdown;
    }

    /** Number of connections currently open. */
    public int openConnections() {
        return counters.openConnections();
    }
}
