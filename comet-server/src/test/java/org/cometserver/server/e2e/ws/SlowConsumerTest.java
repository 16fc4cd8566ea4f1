package org.cometserver.server.e2e.ws;

import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.Hub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8: a burst to a channel reaches every reader that reads, whether or not never-reading subscribers share the
 * channel (and the event loop); those are cut off on their own outbound bytes ({@code [ws] outbound_queue_bytes}).
 */
class SlowConsumerTest {
    private static final String CHANNEL = "web_burst";
    private static final int BURST = 50_000;
    private static final int NON_READERS = 100;
    /**
     * Message size: 50,000 of ~600 bytes outgrow what the kernel buffers for a non-reader (a few MB on loopback) early
     * in the burst, so they are cut off then.
     */
    private static final int PADDING = 500;
    /** A reader receiving nothing for this long is stuck: a bound on progress, not on speed (load only slows it). */
    private static final long STALL_MILLIS = 15_000;

    private E2eServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = E2eServer.embedded();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        server.close();
    }

    @Test
    void burstReachesEveryReader() {
        List<JdkWsClient> readers = readers(2);
        publishBurst();
        assertEveryMessageArrives(readers);
    }

    @Test
    void burstReachesEveryReaderBesideNeverReadingSubscribersWhichAreCutOff() {
        List<JdkWsClient> readers = readers(2);
        for (int i = 0; i < NON_READERS; i++) {
            RawWsSocket nonReader = RawWsSocket.upgraded(server.wsPort(),
                    "/ws/sesion=&myid=&devid=0&v=4.08&uuid=slowUUIDslowUUIDslowUUIDslowUU01&api=js", 4096);
            clients.add(nonReader);
            nonReader.writeFrame(RawWsSocket.OP_TEXT, true, ("subscription\n" + CHANNEL).getBytes(), true);
        }
        Eventually.until("every subscriber joined", () -> hub().subscriberCount(0, CHANNEL) == 2 + NON_READERS,
                () -> hub().subscriberCount(0, CHANNEL));
        publishBurst();
        assertEveryMessageArrives(readers);
        Eventually.until("non-readers cut off", () -> hub().subscriberCount(0, CHANNEL) == 2,
                () -> hub().subscriberCount(0, CHANNEL));
    }

    private List<JdkWsClient> readers(int count) {
        List<JdkWsClient> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JdkWsClient reader = JdkWsClient.anonymous(server.wsPort(), "readerUUIDreaderUUIDreaderUUID0" + i);
            clients.add(reader);
            reader.send("subscription\n" + CHANNEL);
            readers.add(reader);
        }
        Eventually.until("readers joined", () -> hub().subscriberCount(0, CHANNEL) == count,
                () -> hub().subscriberCount(0, CHANNEL));
        return readers;
    }

    /** As fast as one thread can: the event loop falls behind the publisher. */
    private void publishBurst() {
        long now = System.currentTimeMillis() / 1000;
        String padding = "p".repeat(PADDING);
        for (int i = 1; i <= BURST; i++) {
            hub().publish(0, CHANNEL, CometFrames.channelMessage(CHANNEL, "ev", i + padding, now));
        }
    }

    private static void assertEveryMessageArrives(List<JdkWsClient> readers) {
        for (JdkWsClient reader : readers) {
            int seen = reader.pending();
            long stallDeadline = System.currentTimeMillis() + STALL_MILLIS;
            while (reader.pending() < BURST && !reader.isClosed() && System.currentTimeMillis() < stallDeadline) {
                sleep();
                if (reader.pending() > seen) {
                    seen = reader.pending();
                    stallDeadline = System.currentTimeMillis() + STALL_MILLIS;
                }
            }
            assertTrue(!reader.isClosed(), "a reader was disconnected after " + reader.pending() + " messages");
            assertEquals(BURST, reader.pending(), "messages received");
            assertEquals("1" + "p".repeat(PADDING), reader.next().path("data").asText());
        }
    }

    private Hub hub() {
        return server.server().hub();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
