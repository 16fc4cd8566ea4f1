package org.cometserver.server.broker.local;

import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerHandler;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.HistoryPage;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.StreamPosition;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.store.HistoryEntry;
import org.cometserver.server.store.HistoryStore;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The single-node {@link Broker}: publications go to the handler on the calling thread; history is the node's store
 * ({@code pipe_messages} with offsets, {@code pipe_streams} with epochs), so it survives a restart. A publication
 * with history runs on the store executor: under its channel's lock it takes the next offset, is stored, then
 * delivered, so subscribers see offsets in order and nothing is delivered that was not kept.
 */
public final class LocalBroker implements Broker {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HistoryStore store;
    private final Executor storeExecutor;
    /** Each channel's epoch and top offset once used (the store is read once per channel and process). */
    private final ConcurrentHashMap<ChannelKey, Stream> streams = new ConcurrentHashMap<>();
    /** Users with a connection on this node ({@link #subscribeUser}). */
    private final Set<UserKey> users = ConcurrentHashMap.newKeySet();
    private volatile BrokerHandler handler;

    private record ChannelKey(int devId, String channel) {
    }

    private record UserKey(int devId, long userId) {
    }

    /** A channel's place in its epoch; guarded by itself. */
    private static final class Stream {
        final String epoch;
        long top;
        /** Whether its {@code pipe_streams} row exists. */
        boolean stored;

        Stream(String epoch, long top, boolean stored) {
            this.epoch = epoch;
            this.top = top;
            this.stored = stored;
        }
    }

    /**
     * @param storeExecutor the store's bounded executor: every store call runs there
     */
    public LocalBroker(HistoryStore store, Executor storeExecutor) {
        this.store = store;
        this.storeExecutor = storeExecutor;
    }

    @Override
    public void start(BrokerHandler handler) {
        this.handler = handler;
    }

    @Override
    public CompletableFuture<Published> publish(int devId, Publication publication, int keep) {
        if (keep <= 0) {
            try {
                return CompletableFuture.completedFuture(new Published(publication,
                        handler.onPublication(devId, publication)));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return onStore(() -> {
            Stream stream = stream(devId, publication.channel());
            synchronized (stream) {
                if (!stream.stored) {
                    store.createStream(devId, publication.channel(), stream.epoch, stream.top);
                    stream.stored = true;
                }
                long offset = stream.top + 1;
                Publication positioned = publication.withPosition(new StreamPosition(offset, stream.epoch));
                store.append(devId, new HistoryEntry(publication.id(), publication.time(), publication.channel(),
                        publication.event(), publication.data(), publication.senderId(), offset, null), keep);
                stream.top = offset;
                return new Published(positioned, handler.onPublication(devId, positioned));
            }
        });
    }

    @Override
    public CompletableFuture<Integer> publishFrame(int devId, String channel, EncodedFrame frame) {
        try {
            return CompletableFuture.completedFuture(handler.onFrame(devId, channel, frame));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The handler's receivers when the user is subscribed here, at least 1: a user who left meanwhile is the
     * handler's to queue (as a node that got it), so the caller does not queue it again.
     */
    @Override
    public CompletableFuture<Integer> publishToUser(int devId, UserMessage message) {
        try {
            return CompletableFuture.completedFuture(users.contains(new UserKey(devId, message.userId()))
                    ? Math.max(1, handler.onUserMessage(devId, message)) : 0);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A single node has no other: the control is this node's. */
    @Override
    public CompletableFuture<Void> publishControl(String toNode, Control control) {
        return publishControl(control);
    }

    @Override
    public CompletableFuture<Void> publishControl(Control control) {
        try {
            handler.onControl(control);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> subscribe(int devId, String channel) {
        return CompletableFuture.completedFuture(null); // every publication of this node reaches its handler
    }

    @Override
    public CompletableFuture<Void> unsubscribe(int devId, String channel) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> subscribeUser(int devId, long userId) {
        users.add(new UserKey(devId, userId));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unsubscribeUser(int devId, long userId) {
        users.remove(new UserKey(devId, userId));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<HistoryPage> history(int devId, String channel, StreamPosition since, int limit) {
        return onStore(() -> {
            Stream stream = stream(devId, channel);
            StreamPosition top;
            synchronized (stream) {
                top = new StreamPosition(stream.top, stream.epoch);
            }
            if (since == null) {
                return page(store.read(devId, List.of(channel), limit), top, true);
            }
            // offset 0 is before anything: every epoch follows it (a client that learned the position of a channel
            // before its first kept publication, or before a restart, loses nothing)
            boolean sameEpoch = since.offset() == 0 || since.epoch().equals(top.epoch());
            if (!sameEpoch) {
                return page(store.read(devId, List.of(channel), limit), top, false);
            }
            List<HistoryEntry> entries = store.after(devId, channel, since.offset(), limit);
            boolean recovered = since.offset() <= top.offset() && (entries.isEmpty()
                    ? since.offset() == top.offset() : entries.get(0).offset() == since.offset() + 1);
            return page(entries, top, recovered);
        });
    }

    private static HistoryPage page(List<HistoryEntry> entries, StreamPosition top, boolean recovered) {
        List<Publication> publications = entries.stream().map(LocalBroker::publication).toList();
        long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).offset();
        if (last > top.offset() && top.epoch().equals(entries.get(entries.size() - 1).epoch())) {
            top = new StreamPosition(last, top.epoch()); // kept while this read ran
        }
        return new HistoryPage(publications, top, recovered);
    }

    @Override
    public CompletableFuture<List<Publication>> history(int devId, Collection<String> channels, int limitPerChannel) {
        return onStore(() -> store.read(devId, channels, limitPerChannel).stream().map(LocalBroker::publication)
                .toList());
    }

    @Override
    public CompletableFuture<List<Publication>> allHistory(int devId, int limit) {
        return onStore(() -> store.all(devId, limit).stream().map(LocalBroker::publication).toList());
    }

    @Override
    public CompletableFuture<Integer> removeHistory(int devId, Collection<String> channels) {
        return onStore(() -> {
            int removed = store.deletePipes(devId, channels);
            channels.forEach(channel -> streams.remove(new ChannelKey(devId, channel)));
            return removed;
        });
    }

    @Override
    public CompletableFuture<Integer> removePublications(int devId, Collection<String> ids) {
        return onStore(() -> {
            int removed = store.deleteIds(devId, ids);
            if (removed > 0) {
                // the store dropped the epochs of the channels concerned; which they are is not worth a query here
                streams.keySet().removeIf(key -> key.devId() == devId);
            }
            return removed;
        });
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void close() {
        streams.clear();
        users.clear();
    }

    /** The channel's stream, read from the store on first use; a new epoch when it has none. On the store executor. */
    private Stream stream(int devId, String channel) {
        ChannelKey key = new ChannelKey(devId, channel);
        Stream stream = streams.get(key);
        if (stream != null) {
            return stream;
        }
        HistoryStore.Stream stored = store.stream(devId, channel);
        Stream loaded = stored.epoch() == null ? new Stream(newEpoch(), stored.top(), false)
                : new Stream(stored.epoch(), stored.top(), true);
        Stream raced = streams.putIfAbsent(key, loaded);
        return raced != null ? raced : loaded;
    }

    private static String newEpoch() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    private static Publication publication(HistoryEntry e) {
        StreamPosition position = e.epoch() == null || e.offset() <= 0 ? null : new StreamPosition(e.offset(), e.epoch());
        // user_id keeps NO_SENDER (-1) for a backend publication, so a recovered frame has user_id only as it had
        // live; CometQL shows it as CppComet's 0 (Publication.storedUserId)
        return new Publication(e.id(), e.pipe(), e.event(), e.message(), e.time(), e.userId(), position);
    }

    /**
     * Runs {@code work} on the store executor; a future cancelled before its turn (a publisher that stopped waiting
     * and answered ERR) skips it, so what was refused is not published after all.
     */
    private <T> CompletableFuture<T> onStore(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            storeExecutor.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                try {
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new BrokerUnavailableException("store executor is full", e));
        }
        return result;
    }
}
