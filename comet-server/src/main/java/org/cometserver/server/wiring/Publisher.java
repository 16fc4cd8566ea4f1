package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.BackendUnavailableException;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Transport;
import org.cometserver.server.logging.RateLimitedLog;

import org.cometserver.server.store.MessageQueueStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one publishing path (docs/CLUSTER.md): CometQL's {@code pipes_messages}, {@code web_pipe2}, {@code track_} and
 * {@code user_status_} frames, private messages and room notices all go through the {@link Broker} from here. It
 * owns the rules of a publication: its history length ({@code pipes_settings}, {@code trust_}), CppComet's stored
 * "undefined" event, the message size limit and the message counters.
 */
public final class Publisher {
    private static final RateLimitedLog QUEUE_NOTICES = new RateLimitedLog(
            org.slf4j.LoggerFactory.getLogger(Publisher.class), Duration.ofSeconds(10), Clock.systemUTC());
    static final String TRUST_PREFIX = "trust_";
    /** The wait of a statement thread for the broker when {@code [cluster] publish_timeout} is not given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final Broker broker;
    private final WebSenders senders;
    private final PipeSettingsCache settings;
    private final int maxHistoryLength;
    private final MessageSizeLimit messageSize;
    private final MessageCounters counters;
    private final Clock clock;
    private final long timeoutNanos;

    private final PrivateMessages privateMessages;
    private final DialledMembers phones;

    Publisher(Broker broker, WebSenders senders, PipeSettingsCache settings, int maxHistoryLength,
              MessageSizeLimit messageSize, MessageCounters counters, Clock clock, Duration timeout,
              MessageQueueStore queue, long queueTtlSeconds) {
        this.privateMessages = new PrivateMessages(this, queue, clock, queueTtlSeconds);
        this.phones = new DialledMembers(clock);
        this.broker = broker;
        this.senders = senders;
        this.settings = settings;
        this.maxHistoryLength = maxHistoryLength;
        this.messageSize = messageSize;
        this.counters = counters;
        this.clock = clock;
        this.timeoutNanos = timeout.toNanos();
    }

    public Broker broker() {
        return broker;
    }

    MessageCounters counters() {
        return counters;
    }

    PrivateMessages privateMessages() {
        return privateMessages;
    }

    /** The phones in rooms (dialled, or PIN callers), by channel uuid: one list per node, told between nodes. */
    DialledMembers phones() {
        return phones;
    }

    PipeSettingsCache settings() {
        return settings;
    }

    MessageSizeLimit messageSize() {
        return messageSize;
    }

    WebSenders senders() {
        return senders;
    }

    /** How many publications of the channel are kept: its {@code pipes_settings} length, the cap for {@code trust_}. */
    public int keep(int devId, String pipe) {
        int length = settings.length(devId, pipe);
        // CppComet: trust_ history grew without bound; we cap it at the longest history allowed (§3.5)
        return length > 0 ? length : pipe.startsWith(TRUST_PREFIX) ? maxHistoryLength : 0;
    }

    /** The largest page a history read answers ({@code [cometql] max_history_length}). */
    public int maxHistoryLength() {
        return maxHistoryLength;
    }

    /**
     * A backend publication ({@code INSERT INTO pipes_messages}, room notices), from a thread that may wait: returns
     * this node's receivers once it is delivered and kept.
     *
     * @throws BackendUnavailableException when the broker did not take it within the publish timeout
     */
    int publish(int devId, String pipe, String event, String message) {
        messageSize.check(message);
        int keep = keep(devId, pipe);
        CompletableFuture<Broker.Published> published = broker.publish(devId, publication(pipe, event, message,
                Publication.NO_SENDER, keep, keep > 0), keep);
        int receivers = await(published).localReceivers();
        counters.count(devId);
        return receivers;
    }

    /**
     * A browser's publication ({@code web_pipe2}); never blocks. Every subscriber but {@code sender} gets it with the
     * sender's id; completes with how many did.
     */
    public CompletableFuture<Integer> publishWeb(int devId, String pipe, String event, String message, long senderId,
                                                 Transport sender) {
        int keep = keep(devId, pipe);
        Publication publication = publication(pipe, event, message, senderId, keep, true);
        senders.note(publication.id(), sender);
        CompletableFuture<Broker.Published> published;
        try {
            published = broker.publish(devId, publication, keep);
        } catch (RuntimeException e) {
            senders.forget(publication.id());
            return CompletableFuture.failedFuture(e);
        }
        return published.whenComplete((p, failure) -> senders.forget(publication.id()))
                .thenApply(Broker.Published::localReceivers);
    }

    /** An ephemeral frame ({@code track_} events, {@code user_status_}); never blocks; this node's receivers if known. */
    public int publishFrame(int devId, String channel, EncodedFrame frame) {
        return broker.publishFrame(devId, channel, frame).getNow(0);
    }

    /**
     * A private message to the user's connections on every node, counted; completes with how many took it (0: no
     * node holds the user, the caller queues a queueable one).
     */
    public CompletableFuture<Integer> publishToUser(int devId, UserMessage message) {
        counters.count(devId);
        return broker.publishToUser(devId, message);
    }

    /** A frame to the user's connections on every node, never queued (call signalling); never blocks. */
    public void sendToUser(int devId, long userId, EncodedFrame frame) {
        broker.publishToUser(devId, new UserMessage(userId, frame.utf8(), null, null));
    }

    /**
     * Refuses a change that must be followed by a control to every node ({@link #disconnectUser}) while the broker
     * cannot reach them, so such a statement answers ERR before it changed anything rather than after.
     *
     * @throws BackendUnavailableException when the other nodes are out of reach now
     */
    void requireBroker() {
        if (!broker.available()) {
            throw new BackendUnavailableException("the cluster broker is unavailable: nothing was changed");
        }
    }

    /** Closes the user's connections on every node (a removed password, a revoked token); waits as {@link #publish}. */
    void disconnectUser(int devId, long userId, Disconnect reason) {
        await(broker.publishControl(new Control.DisconnectUser(devId, userId, reason.code(), reason.reason())));
    }

    /**
     * Tells the nodes holding the user's connections that his queue gained a message; never waits. Best effort: the
     * message is stored, so at worst it is replayed at the user's next login.
     */
    void queueChanged(int devId, long userId) {
        broker.publishControl(new Control.QueueChanged(devId, userId)).whenComplete((done, failure) -> {
            if (failure != null) {
                QUEUE_NOTICES.warn("queued message of user {} (dev {}) announced to no node: {}", userId, devId,
                        failure.toString());
            }
        });
    }

    /** Every node reads the channels' {@code pipes_settings} again; waits as {@link #publish}. */
    void settingsChanged(int devId, Collection<String> channels) {
        await(broker.publishControl(new Control.PipeSettingsChanged(devId, List.copyOf(channels))));
    }

    /**
     * The future's value, waiting at most the publish timeout (statement threads only).
     *
     * @throws BackendUnavailableException when the broker failed or did not answer in time: CometQL's ERR 1105
     */
    <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false); // a broker that has not started it yet drops it: the ERR stays true
            throw new BackendUnavailableException("the cluster broker did not answer within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: nothing was published", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerUnavailableException unavailable) {
                throw new BackendUnavailableException("the cluster broker is unavailable: "
                        + unavailable.getMessage(), unavailable);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while publishing", e);
        }
    }

    /** @param withId whether something addresses it (a history row, a sender to skip): else its id is null */
    private Publication publication(String pipe, String event, String message, long senderId, int keep,
                                    boolean withId) {
        long now = Math.floorDiv(clock.millis(), 1000); // the epoch second, without an Instant per message
        // CppComet: an empty event is stored as "undefined" (§2.5); the frame of a kept publication says so too,
        // as its recovered copy will
        String named = event.isEmpty() && keep > 0 ? "undefined" : event;
        // a random UUID per CometQL publish nothing addresses was most of the seam's cost over the former direct
        // path (docs/BENCHMARKS.md)
        return new Publication(withId ? newId() : null, pipe, named, message, now, senderId, null);
    }

    /** A random (version 4) UUID without SecureRandom's lock: ids only need to be unique, not secret. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
