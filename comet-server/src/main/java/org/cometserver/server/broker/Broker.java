package org.cometserver.server.broker;

import org.cometserver.server.hub.EncodedFrame;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishing and history per channel, and the transport of private messages and controls between nodes. One per
 * node. Every method is non-blocking: work that waits (a store write, Redis) completes the returned future later, on
 * the broker's threads. A future that fails with {@link BrokerUnavailableException} means the other nodes did not get
 * it (and, for {@link #publish} with history, that nothing was stored or delivered).
 * <p>
 * Ordering: publications with history reach every node's handler in offset order. Without history, each publisher's
 * publications to a channel arrive in the order published.
 */
public interface Broker extends AutoCloseable {
    /** Where what arrives for this node goes; set once, before any other call. */
    void start(BrokerHandler handler);

    /**
     * Publishes to the channel's subscribers on every node. With {@code keep > 0} the publication is appended to the
     * channel's history, trimmed to the newest {@code keep}, and gets the channel's next offset in its epoch,
     * atomically with the delivery: delivered and kept, or neither. Completes once this node's subscribers have it.
     *
     * @return the publication as delivered (its position set when kept) and how many of this node's connections took
     *         it
     */
    CompletableFuture<Published> publish(int devId, Publication publication, int keep);

    /** What {@link #publish} did: the publication with its position, and this node's receivers. */
    record Published(Publication publication, int localReceivers) {
    }

    /**
     * An ephemeral frame to a channel's subscribers on every node ({@code track_} events, {@code user_status_}):
     * never kept; completes with this node's receivers.
     */
    CompletableFuture<Integer> publishFrame(int devId, String channel, EncodedFrame frame);

    /**
     * A private message to every connection of the user on every node. Completes with how many connections of this
     * node took it plus how many other nodes got it: 0 means no node holds the user, and the caller queues it.
     */
    CompletableFuture<Integer> publishToUser(int devId, UserMessage message);

    /** A control for every node, this one included. */
    CompletableFuture<Void> publishControl(Control control);

    /**
     * A control for node {@code toNode} alone, on that node's own channel (the others never see it): this node's
     * controls are handled here at once; a single node, which has no other, handles every one itself. Fails with
     * {@link BrokerUnavailableException} when it did not reach {@code toNode} (no such node listens).
     */
    CompletableFuture<Void> publishControl(String toNode, Control control);

    /**
     * This node starts receiving the channel's publications and frames: called once when the channel gains its first
     * subscriber on this node. Idempotent; a later {@link #unsubscribe} undoes it.
     */
    CompletableFuture<Void> subscribe(int devId, String channel);

    /**
     * Completes once every subscribe and unsubscribe of the channel asked so far took effect (or failed): what a
     * member's announcement to the other nodes waits for, so that a page presence shows receives the next
     * publication. Already complete where subscribing is immediate (a single node).
     */
    default CompletableFuture<Void> subscriptionSettled(int devId, String channel) {
        return CompletableFuture.completedFuture(null);
    }

    /** Called once when the channel loses its last subscriber on this node. */
    CompletableFuture<Void> unsubscribe(int devId, String channel);

    /** This node starts receiving the user's private messages: the user's first connection on this node. */
    CompletableFuture<Void> subscribeUser(int devId, long userId);

    /** The user's last connection on this node is gone. */
    CompletableFuture<Void> unsubscribeUser(int devId, long userId);

    /**
     * The channel's kept publications, oldest first. With {@code since} null: the newest {@code limit}. With a
     * position: those after it (at most {@code limit}, the oldest of them), {@code recovered} false when its epoch is
     * not the channel's or publications after it were trimmed away (then the page holds what is still kept).
     * Read after this node's {@link #subscribe}/{@link #unsubscribe} of the channel called before took effect, so
     * every publication after the read reaches this node if it subscribed (a recover loses nothing in between).
     */
    CompletableFuture<HistoryPage> history(int devId, String channel, StreamPosition since, int limit);

    /**
     * The newest {@code limitPerChannel} kept publications of each channel, channels in the order given; read after
     * this node's subscription changes of the channels as {@link #history(int, String, StreamPosition, int)}.
     */
    CompletableFuture<List<Publication>> history(int devId, Collection<String> channels, int limitPerChannel);

    /** Kept publications of every channel of the dev_id, at most {@code limit} ({@code pipes_messages} unfiltered). */
    CompletableFuture<List<Publication>> allHistory(int devId, int limit);

    /**
     * Deletes the channels' whole history; returns how many publications were removed. The channels' epochs change,
     * so a client recovering from an old position learns it cannot.
     */
    CompletableFuture<Integer> removeHistory(int devId, Collection<String> channels);

    /** Deletes single publications by id; returns how many. Their channels' epochs change as above. */
    CompletableFuture<Integer> removePublications(int devId, Collection<String> ids);

    /** Whether the broker reaches the other nodes now (always true for a single node). */
    boolean available();

    /** Stops delivering and releases connections. */
    @Override
    void close();
}
