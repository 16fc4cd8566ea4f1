package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load client against the bare Netty reference server, in-process and small. */
class WsClientPoolTest {
    private static final int SUBSCRIBERS = 200;

    private EventLoopGroup group;
    private InetSocketAddress server;

    @BeforeEach
    void startReferenceServer() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel listener = BareNettyWsServer.bind(group, NioServerSocketChannel.class, 0);
        server = (InetSocketAddress) listener.localAddress();
    }

    @AfterEach
    void stopReferenceServer() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void holdsConnectionsFromAnotherSourceAddressAndStepsUp() throws Exception {
        try (WsClientPool pool = new WsClientPool(server, InetAddress.getByName("127.0.0.2"), null,
                (c, frame, start, length) -> { })) {
            pool.openUpTo(50);
            assertTrue(pool.awaitSettled(30, TimeUnit.SECONDS));
            pool.openUpTo(120);
            assertTrue(pool.awaitSettled(30, TimeUnit.SECONDS));
            assertEquals(120, pool.greeted());
            assertEquals(0, pool.failed());
            assertEquals(0, pool.closedByServer());
            assertNull(pool.firstProblem());
        }
    }

    @Test
    void everySubscriberReceivesEveryPublishedMessageWithItsLatency() throws Exception {
        FanoutReceiver receiver = new FanoutReceiver(SUBSCRIBERS, 10);
        try (WsClientPool pool = new WsClientPool(server, null, "subscription\n" + WsFanoutBench.PIPE, receiver);
             WsTextPublisher publisher = new WsTextPublisher("127.0.0.1", server.getPort(), WsFanoutBench.PIPE)) {
            pool.openUpTo(SUBSCRIBERS);
            assertTrue(pool.awaitSettled(30, TimeUnit.SECONDS));
            // Subscriptions are not acknowledged: publish until each subscriber has one message (as the bench does).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int published = 0;
            while (receiver.subscribersReached() < SUBSCRIBERS && System.nanoTime() < deadline) {
                publisher.publish(FanoutReceiver.message(0, System.nanoTime()));
                published++;
                Thread.sleep(20);
            }
            for (int i = 0; i < 10; i++) {
                publisher.publish(FanoutReceiver.message(2, System.nanoTime()));
            }
            while (receiver.receipts(2) < 10L * SUBSCRIBERS && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(10L * SUBSCRIBERS, receiver.receipts(2));
            assertEquals(10L * SUBSCRIBERS / 10, receiver.samples(2).size(), "every 10th subscriber is sampled");
            long[] sorted = FanoutReceiver.sorted(receiver.samples(2));
            assertTrue(sorted[0] > 0 && sorted[sorted.length - 1] < TimeUnit.SECONDS.toNanos(30));
            assertTrue(receiver.receipts(0) <= (long) published * SUBSCRIBERS);
            assertEquals(0, receiver.unparsed());
        }
    }

    @Test
    void spreadsConnectionsEvenlyOverSeveralServers() throws Exception {
        EventLoopGroup secondGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            InetSocketAddress second = (InetSocketAddress) BareNettyWsServer.bind(secondGroup,
                    NioServerSocketChannel.class, 0).localAddress();
            FanoutReceiver receiver = new FanoutReceiver(SUBSCRIBERS, 1);
            try (WsClientPool pool = new WsClientPool(List.of(server, second), null,
                    "subscription\n" + WsFanoutBench.PIPE, receiver);
                 WsTextPublisher onFirst = new WsTextPublisher("127.0.0.1", server.getPort(), WsFanoutBench.PIPE);
                 RoundRobinPublisher onBoth = new RoundRobinPublisher(List.of(onFirst,
                         new WsTextPublisher("127.0.0.1", second.getPort(), WsFanoutBench.PIPE)))) {
                pool.openUpTo(SUBSCRIBERS);
                assertTrue(pool.awaitSettled(30, TimeUnit.SECONDS));
                assertEquals(SUBSCRIBERS, pool.greeted());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (receiver.subscribersReached() < SUBSCRIBERS && System.nanoTime() < deadline) {
                    onBoth.publish(FanoutReceiver.message(0, System.nanoTime()));
                    Thread.sleep(20);
                }
                assertEquals(SUBSCRIBERS, receiver.subscribersReached(), "subscribers on both servers");
                // the two reference servers are not linked: a message published on one reaches its half only
                onFirst.publish(FanoutReceiver.message(2, System.nanoTime()));
                while (receiver.receipts(2) < SUBSCRIBERS / 2 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                onBoth.publish(FanoutReceiver.message(3, System.nanoTime())); // the second server's turn
                onBoth.publish(FanoutReceiver.message(3, System.nanoTime())); // the first's
                while (receiver.receipts(3) < SUBSCRIBERS && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(100); // nothing more arrives
                assertEquals(SUBSCRIBERS / 2, receiver.receipts(2), "every other connection is on the first server");
                assertEquals(SUBSCRIBERS, receiver.receipts(3), "each half once");
            }
        } finally {
            secondGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
