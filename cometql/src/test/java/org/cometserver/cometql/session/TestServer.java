package org.cometserver.cometql.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.spi.CometQlAccounts;
import org.cometserver.cometql.spi.LoginThrottle;

import java.net.InetSocketAddress;
import java.time.Duration;

/** The protocol layer with a {@link ScriptedQueryEngine}, bound on an ephemeral loopback port. */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "CometQLPassword";
    public static final int DEV_INDEX_SIZE = 100;
    public static final CometQlAccounts ACCOUNTS = new CometQlAccounts() {
        @Override
        public String password(int devId) {
            return PASSWORD;
        }

        @Override
        public int devIndexSize() {
            return DEV_INDEX_SIZE;
        }
    };

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ScriptedQueryEngine engine = new ScriptedQueryEngine();
    private final MysqlChannelInitializer initializer;
    private final Channel serverChannel;

    public TestServer() throws InterruptedException {
        this(config(Duration.ofHours(1)));
    }

    public TestServer(CometQlConfig config) throws InterruptedException {
        initializer = new MysqlChannelInitializer(config, engine, ACCOUNTS, LoginThrottle.NONE);
        serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(initializer).bind("127.0.0.1", 0).sync().channel();
    }

    /** Defaults with a 20 MiB packet limit (room for a 16 MiB split) and the given idle timeout. */
    public static CometQlConfig config(Duration idleTimeout) {
        CometQlConfig d = CometQlConfig.defaults();
        return new CometQlConfig(d.serverVersion(), 20 * 1024 * 1024, 20 * 1024 * 1024, d.planCacheSize(),
                d.maxResultRows(), d.maxHistoryLength(), idleTimeout, false, d.maxExecutionTime());
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public ScriptedQueryEngine engine() {
        return engine;
    }

    public int openConnections() {
        return initializer.openConnections();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        engine.close();
    }
}
