package org.cometserver.cometql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.ErrPacket;
import org.cometserver.cometql.session.MysqlChannelInitializer;
import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.cometql.spi.LoginThrottle;
import org.cometserver.cometql.spi.StatementTimings;
import org.cometserver.cometql.sql.CometQlEngine;
import org.cometserver.cometql.sql.QueryEngine;
import org.cometserver.cometql.sql.SqlSession;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What this module offers the host: a channel initializer for the MySQL-protocol port. The host owns the event
 * loops, binds the port and passes the bounded executor on which statements that may block (store access,
 * Calcite planning) run.
 */
public final class CometQlServer {
    private final QueryEngine engine;
    private final MysqlChannelInitializer initializer;

    /**
     * @param throttle          refuses addresses after too many failed logins; shared with the host's other listeners
     * @param statementExecutor runs point reads, writes and planning
     * @param scanExecutor      runs joins and reads without a key, so they never starve the others
     */
    public CometQlServer(CometQlConfig config, CometQlBackends backends, LoginThrottle throttle,
                         Executor statementExecutor, Executor scanExecutor) {
        this(config, backends, throttle, statementExecutor, scanExecutor, StatementTimings.NONE);
    }

    /** @param timings told of each executed statement's duration and outcome (the host's metrics) */
    public CometQlServer(CometQlConfig config, CometQlBackends backends, LoginThrottle throttle,
                         Executor statementExecutor, Executor scanExecutor, StatementTimings timings) {
        this.engine = new CometQlEngine(config, backends, statementExecutor, scanExecutor, timings);
        this.initializer = new MysqlChannelInitializer(config, engine, backends.accounts(), throttle);
    }

    public ChannelInitializer<Channel> channelInitializer() {
        return initializer;
    }

    public QueryEngine engine() {
        return engine;
    }

    /**
     * Plans one statement in the background, so the first client does not pay Calcite's one-off start-up
     * (class loading and code generation, about 1.5 s).
     */
    public void warmUp() {
        engine.execute(new SqlSession(0, "warm-up", 0, null), "SELECT COUNT(*) FROM pipes WHERE name = 'warm_up'");
    }

    /**
     * The bytes a MySQL server sends instead of its greeting when it refuses a connection (ERR 1040
     * {@code Too many connections}, sequence id 0), for a host that turns newcomers away before this module's
     * pipeline is built. Clients show it as a login error.
     */
    public static byte[] tooManyConnectionsPacket() {
        ByteBuf payload = Unpooled.buffer();
        new ErrPacket(1040, "08004", "Too many connections").write(new PacketPayload(payload));
        ByteBuf frame = Unpooled.buffer(payload.readableBytes() + 4);
        frame.writeMediumLE(payload.readableBytes()).writeByte(0).writeBytes(payload);
        return ByteBufUtil.getBytes(frame);
    }

    /**
     * Stops taking commands (ERR 1053), lets running statements answer, closes every connection with ERR 1053 and
     * waits up to {@code timeout} for that. Call it after the listening port is closed.
     *
     * @return whether every connection closed in time
     */
    public boolean shutDown(Duration timeout) throws InterruptedException {
        return initializer.shutdown().shutDown(timeout);
    }

    /** Number of open CometQL connections. */
    public int openConnections() {
        return initializer.openConnections();
    }
}
