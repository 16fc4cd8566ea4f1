package org.cometserver.server.broker;

import org.cometserver.server.broker.local.LocalBroker;
import org.cometserver.server.config.DbSection;
import org.cometserver.server.store.JdbcStore;
import org.cometserver.server.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker contract on the single-node broker over an H2 store, run on two store threads to test its ordering. */
class LocalBrokerTest extends BrokerContract {
    @TempDir
    Path dir;
    private Store store;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    /** The database this test's stores open. */
    protected DbSection database() {
        return new DbSection("", 3306, "", "", "", 1, dir.resolve("comet").toString(), 4, 0);
    }

    @Override
    protected Broker newBroker() {
        store = JdbcStore.open(database(), Duration.ofMillis(100));
        return new LocalBroker(store.history(), executor);
    }

    @AfterEach
    void closeStore() {
        store.close();
        executor.shutdownNow();
    }

    @Test
    void positionsContinueAfterARestart() {
        StreamPosition before = get(broker.publish(1, publication("durable", "a"), 3)).publication().position();
        broker.close();
        store.close();
        broker = newBroker();
        broker.start(handler);
        StreamPosition after = get(broker.publish(1, publication("durable", "b"), 3)).publication().position();
        assertEquals(new StreamPosition(before.offset() + 1, before.epoch()), after, "the same epoch, never back");
        HistoryPage page = get(broker.history(1, "durable", before, 10));
        assertTrue(page.recovered());
        assertEquals(List.of("b"), page.publications().stream().map(Publication::data).toList());
    }

    @Test
    void aPublicationCancelledBeforeItsTurnIsNeitherKeptNorDelivered() throws InterruptedException {
        ExecutorService busy = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            busy.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Broker queued = new LocalBroker(store.history(), busy);
            queued.start(handler);
            CompletableFuture<Broker.Published> refused = queued.publish(1, publication("late", "x"), 5);
            refused.cancel(false); // the publisher stopped waiting and answered ERR
            release.countDown();
            assertEquals(List.of(), get(queued.history(1, List.of("late"), 10)), "runs after the cancelled one");
            assertEquals(List.of(), handler.publications("late"));
        } finally {
            busy.shutdownNow();
        }
    }

    @Test
    void aPositionLearnedBeforeTheFirstPublicationRecoversIt() {
        StreamPosition empty = get(broker.history(1, "later", null, 10)).top();
        get(broker.publish(1, publication("later", "first"), 3));
        HistoryPage page = get(broker.history(1, "later", empty, 10));
        assertTrue(page.recovered());
        assertEquals(List.of("first"), page.publications().stream().map(Publication::data).toList());
    }
}
