package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.PipeBackend;
import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.store.HistoryEntry;
import org.cometserver.server.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code pipes_messages}, {@code pipes}, {@code users_in_pipes}, {@code pipes_settings} over the hub and the store;
 * subscriber counts and lists come from presence (every node's), each read waiting at most {@code presenceWait}.
 */
public final class HubPipeBackend implements PipeBackend {
    static final String TRUST_PREFIX = "trust_";

    private final Hub hub;
    private final Store store;
    private final PipeSettingsCache settings;
    private final Clock clock;
    private final int maxHistoryLength;
    private final MessageSizeLimit messageSize;
    private final MessageCounters counters;
    private final PresenceManager presence;
    private final Duration presenceWait;

    HubPipeBackend(Hub hub, Store store, PipeSettingsCache settings, Clock clock, int maxHistoryLength,
                   MessageSizeLimit messageSize, MessageCounters counters, PresenceManager presence,
                   Duration presenceWait) {
        this.hub = hub;
        this.presence = presence;
        this.presenceWait = presenceWait;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.maxHistoryLength = maxHistoryLength;
        this.messageSize = messageSize;
        this.counters = counters;
    }

    @Override
    public boolean historyEnabled(int devId, String pipe) {
        return settings.length(devId, pipe) > 0 || pipe.startsWith(TRUST_PREFIX);
    }

    @Override
    public int publish(int devId, String pipe, String event, String message) {
        messageSize.check(message);
        long now = Math.floorDiv(clock.millis(), 1000); // the epoch second, without an Instant per message
        EncodedFrame frame = CometFrames.channelMessage(pipe, event, message, now);
        int delivered = hub.publish(devId, pipe, frame);
        counters.count(devId);
        int length = settings.length(devId, pipe);
        if (length > 0 || pipe.startsWith(TRUST_PREFIX)) {
            // CppComet: trust_ history grew without bound; we cap it at the longest history allowed (§3.5)
            int keep = length > 0 ? length : maxHistoryLength;
            // CppComet: an empty event is stored as "undefined" (§2.5)
            String storedEvent = event.isEmpty() ? "undefined" : event;
            store.history().append(devId, new HistoryEntry(UUID.randomUUID().toString(), now, pipe, storedEvent,
                    message, 0), keep);
        }
        return delivered;
    }

    @Override
    public List<HistoryMessage> history(int devId, Collection<String> pipes, int limitPerPipe) {
        return store.history().read(devId, pipes, limitPerPipe).stream().map(HubPipeBackend::toMessage).toList();
    }

    @Override
    public List<HistoryMessage> allHistory(int devId, int limit) {
        return store.history().all(devId, limit).stream().map(HubPipeBackend::toMessage).toList();
    }

    @Override
    public int deleteHistory(int devId, Collection<String> pipes) {
        return store.history().deletePipes(devId, pipes);
    }

    @Override
    public int deleteHistoryMessages(int devId, Collection<String> messageIds) {
        return store.history().deleteIds(devId, messageIds);
    }

    @Override
    public void setHistoryLength(int devId, String pipe, int length) {
        int clamped = Math.max(0, Math.min(length, maxHistoryLength));
        store.pipeSettings().put(devId, pipe, clamped);
        settings.put(devId, pipe, clamped);
    }

    @Override
    public Map<String, Integer> historyLengths(int devId, Collection<String> pipes) {
        return settings.lengths(devId, pipes);
    }

    @Override
    public Map<String, Integer> allHistoryLengths(int devId, int limit) {
        return settings.all(devId, limit);
    }

    @Override
    public int deleteSettings(int devId, Collection<String> pipes) {
        int removed = store.pipeSettings().delete(devId, pipes);
        settings.remove(devId, pipes);
        store.history().deletePipes(devId, pipes);
        return removed;
    }

    @Override
    public Map<String, Integer> subscriberCounts(int devId, Collection<String> pipes) {
        return PresenceWait.await(presence.counts(devId, pipes), presenceWait, "subscriber counts");
    }

    @Override
    public Map<String, Integer> allSubscriberCounts(int devId, int limit) {
        return PresenceWait.await(presence.allCounts(devId, limit), presenceWait, "subscriber counts");
    }

    @Override
    public List<PipeSubscriber> subscribers(int devId, Collection<String> pipes) {
        return subscribersOf(devId, pipes, Integer.MAX_VALUE);
    }

    @Override
    public List<PipeSubscriber> allSubscribers(int devId, int limit) {
        return subscribersOf(devId, allSubscriberCounts(devId, limit).keySet(), limit);
    }

    /** Every pipe's members, asked at once and awaited within one {@code presenceWait}. */
    private List<PipeSubscriber> subscribersOf(int devId, Collection<String> pipes, int limit) {
        List<String> names = List.copyOf(pipes);
        List<CompletableFuture<List<ClientInfo>>> answers = new ArrayList<>(names.size());
        for (String pipe : names) {
            answers.add(presence.members(devId, pipe));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
        PresenceWait.await(all, presenceWait, "subscribers");
        List<PipeSubscriber> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (ClientInfo c : answers.get(i).join()) {
                if (rows.size() >= limit) {
                    return rows;
                }
                rows.add(new PipeSubscriber(names.get(i), c.userId(), c.uuid(), c.userAgent(), c.ip(), c.origin(),
                        c.language()));
            }
        }
        return rows;
    }

    private static HistoryMessage toMessage(HistoryEntry e) {
        return new HistoryMessage(e.id(), e.time(), e.pipe(), e.event(), e.message(), e.userId());
    }
}
