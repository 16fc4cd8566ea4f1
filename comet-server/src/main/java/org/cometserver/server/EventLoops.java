package org.cometserver.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.cometserver.server.config.IoEngine;

/**
 * The Netty I/O engines this process can run: the one a listener asks for when the kernel offers it, else the next
 * one (io_uring → epoll → nio; e.g. io_uring is often disabled in containers).
 */
final class EventLoops {
    private final boolean ioUring = IoUring.isAvailable();
    private final boolean epoll = Epoll.isAvailable();

    /** The engine used for {@code wanted}. */
    IoEngine resolve(IoEngine wanted) {
        if (wanted == IoEngine.IO_URING && ioUring) {
            return IoEngine.IO_URING;
        }
        return wanted != IoEngine.NIO && epoll ? IoEngine.EPOLL : IoEngine.NIO;
    }

    /** A group of {@code threads} event loops of {@code engine} (resolved) named {@code <name>-N}. */
    EventLoopGroup group(String name, int threads, IoEngine engine) {
        IoHandlerFactory handler = switch (engine) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), handler);
    }

    Class<? extends ServerChannel> serverChannel(IoEngine engine) {
        return switch (engine) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    Class<? extends Channel> socketChannel(IoEngine engine) {
        return switch (engine) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }
}
