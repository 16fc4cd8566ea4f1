package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fan-out floor reference speaks enough WebSocket for the load client, and every subscriber gets every frame. */
class MinimalWsWriterTest {
    private static final int SUBSCRIBERS = 150;
    private static final int MESSAGES = 20;

    @Test
    void everySubscriberOnEveryWriterThreadReceivesEveryPublishedMessage() throws Exception {
        MinimalWsWriter writer = MinimalWsWriter.start(0, 3);
        try {
            InetSocketAddress server = writer.address();
            FanoutReceiver receiver = new FanoutReceiver(SUBSCRIBERS, 1);
            try (WsClientPool pool = new WsClientPool(server, null, "subscription\n" + WsFanoutBench.PIPE, receiver);
                 WsTextPublisher publisher = new WsTextPublisher("127.0.0.1", server.getPort(), WsFanoutBench.PIPE)) {
                pool.openUpTo(SUBSCRIBERS);
                assertTrue(pool.awaitSettled(30, TimeUnit.SECONDS));
                assertEquals(SUBSCRIBERS, pool.greeted());
                // subscriptions are not acknowledged: publish until each subscriber has one message (as the bench does)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (receiver.subscribersReached() < SUBSCRIBERS && System.nanoTime() < deadline) {
                    publisher.publish(FanoutReceiver.message(0, System.nanoTime()));
                    Thread.sleep(20);
                }
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish(FanoutReceiver.message(2, System.nanoTime()));
                }
                while (receiver.receipts(2) < (long) MESSAGES * SUBSCRIBERS && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals((long) MESSAGES * SUBSCRIBERS, receiver.receipts(2));
                assertEquals(0, receiver.unparsed());
                assertEquals(0, pool.closedByServer());
            }
        } finally {
            writer.close();
        }
    }
}
