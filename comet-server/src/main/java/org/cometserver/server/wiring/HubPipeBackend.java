package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.PipeBackend;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.store.Store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code pipes_messages}, {@code pipes}, {@code users_in_pipes}, {@code pipes_settings} over the store and the broker: publications and history go through the {@link Publisher} and its broker; subscriber counts and lists
 * come from presence (every node's), each read waiting at most {@code presenceWait}.
 */
public final class HubPipeBackend implements PipeBackend {
    private final Store store;
    private final PipeSettingsCache settings;
    private final Publisher publisher;
    private final Broker broker;
    private final int maxHistoryLength;
    private final PresenceManager presence;
    private final Duration presenceWait;

    HubPipeBackend(Store store, PipeSettingsCache settings, Publisher publisher, int maxHistoryLength,
                   PresenceManager presence, Duration presenceWait) {
        this.presence = presence;
        this.presenceWait = presenceWait;
        this.store = store;
        this.settings = settings;
        this.publisher = publisher;
        this.broker = publisher.broker();
        this.maxHistoryLength = maxHistoryLength;
    }

    @Override
    public boolean historyEnabled(int devId, String pipe) {
        return publisher.keep(devId, pipe) > 0;
    }

    @Override
    public int publish(int devId, String pipe, String event, String message) {
        return publisher.publish(devId, pipe, event, message);
    }

    @Override
    public List<HistoryMessage> history(int devId, Collection<String> pipes, int limitPerPipe) {
        return publisher.await(broker.history(devId, pipes, limitPerPipe)).stream().map(HubPipeBackend::toMessage)
                .toList();
    }

    @Override
    public List<HistoryMessage> allHistory(int devId, int limit) {
        return publisher.await(broker.allHistory(devId, limit)).stream().map(HubPipeBackend::toMessage).toList();
    }

    @Override
    public int deleteHistory(int devId, Collection<String> pipes) {
        return publisher.await(broker.removeHistory(devId, pipes));
    }

    @Override
    public int deleteHistoryMessages(int devId, Collection<String> messageIds) {
        return publisher.await(broker.removePublications(devId, messageIds));
    }

    @Override
    public void setHistoryLength(int devId, String pipe, int length) {
        int clamped = Math.max(0, Math.min(length, maxHistoryLength));
        store.pipeSettings().put(devId, pipe, clamped);
        settings.put(devId, pipe, clamped);
        publisher.settingsChanged(devId, List.of(pipe));
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
        publisher.await(broker.removeHistory(devId, pipes));
        publisher.settingsChanged(devId, pipes);
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

    private static HistoryMessage toMessage(Publication p) {
        return new HistoryMessage(p.id(), p.time(), p.channel(), p.event(), p.data(), p.storedUserId());
    }
}
