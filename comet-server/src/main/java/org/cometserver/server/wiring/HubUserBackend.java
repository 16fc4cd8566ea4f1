package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.UserBackend;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code users_auth}, {@code users_time}, {@code users_messages}, {@code users_data}, {@code revoked_tokens} over the
 * hub and the store; whether a user is online comes from presence (on any node), waiting at most
 * {@code presenceWait}.
 */
public final class HubUserBackend implements UserBackend, UserReads {
    /** {@code users_time} value of a user never seen. */
    static final long NEVER_SEEN = -1;

    private final Hub hub;
    private final Publisher publisher;
    private final Store store;
    private final PrivateMessages privateMessages;
    private final JwtTokens jwt;
    private final Clock clock;
    private final MessageSizeLimit messageSize;
    private final PresenceManager presence;
    private final Duration presenceWait;

    HubUserBackend(Hub hub, Store store, Publisher publisher, PrivateMessages privateMessages, JwtTokens jwt,
                   Clock clock, MessageSizeLimit messageSize, PresenceManager presence, Duration presenceWait) {
        this.hub = hub;
        this.publisher = publisher;
        this.presence = presence;
        this.presenceWait = presenceWait;
        this.store = store;
        this.privateMessages = privateMessages;
        this.jwt = jwt;
        this.clock = clock;
        this.messageSize = messageSize;
    }

    @Override
    public void setAuthHash(int devId, long userId, String hash) {
        if (GuestIds.isGuest(userId)) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "ids " + GuestIds.FIRST + " to " + GuestIds.LAST
                    + " are reserved for conference guests");
        }
        store.auth().put(devId, userId, hash);
    }

    /** A temporary user: {@link TemporaryAccess} removes it when the ttl passes or it leaves its room for good. */
    @Override
    public void setAuthHash(int devId, long userId, String hash, long ttlSeconds, String room) {
        if (GuestIds.isGuest(userId)) {
            setAuthHash(devId, userId, hash); // refused the same way
        }
        store.auth().put(devId, userId, hash, ttlSeconds == 0 ? 0 : clock.instant().getEpochSecond() + ttlSeconds,
                room);
    }

    @Override
    public Map<Long, String> authHashes(int devId, Collection<Long> userIds) {
        return store.auth().get(devId, userIds);
    }

    @Override
    public Map<Long, String> allAuthHashes(int devId, int limit) {
        return store.auth().all(devId, limit);
    }

    @Override
    public int deleteAuthHashes(int devId, Collection<Long> userIds) {
        publisher.requireBroker(); // the disconnects below must reach every node
        int removed = store.auth().delete(devId, userIds);
        userIds.forEach(userId -> publisher.disconnectUser(devId, userId, Disconnect.AUTH_REVOKED));
        return removed;
    }

    @Override
    public Map<Long, Long> lastOnlineTimes(int devId, Collection<Long> userIds) {
        Map<Long, Long> stored = store.onlineTimes().get(devId, userIds);
        Set<Long> online = online(devId, userIds);
        Map<Long, Long> times = new LinkedHashMap<>();
        for (Long userId : userIds) {
            times.put(userId, onlineTime(online.contains(userId), stored.get(userId)));
        }
        return times;
    }

    @Override
    public Map<Long, Long> allLastOnlineTimes(int devId, int limit) {
        Map<Long, Long> stored = store.onlineTimes().all(devId, limit);
        Set<Long> online = online(devId, stored.keySet());
        Map<Long, Long> times = new LinkedHashMap<>();
        stored.forEach((userId, time) -> times.put(userId, onlineTime(online.contains(userId), time)));
        return times;
    }

    private Set<Long> online(int devId, Collection<Long> userIds) {
        return PresenceWait.await(presence.online(devId, userIds), presenceWait, "online users");
    }

    /** 0 when online on some node, else the stored disconnect time, else -1. */
    private static long onlineTime(boolean online, Long stored) {
        if (online) {
            return 0;
        }
        // CppComet: a stored 0 ("online") of a user no node holds is reported as never seen (§2.5)
        return stored == null || stored == 0 ? NEVER_SEEN : stored;
    }

    @Override
    public boolean sendMessage(int devId, long userId, String event, String message) {
        messageSize.check(message);
        return privateMessages.deliver(devId, userId, event, CometFrames.privateMessage(event, message), message);
    }

    @Override
    public List<QueuedMessage> queuedMessages(int devId, Collection<Long> userIds) {
        return store.messageQueue().peek(devId, userIds, now()).stream().map(HubUserBackend::toQueued).toList();
    }

    @Override
    public List<QueuedMessage> allQueuedMessages(int devId, int limit) {
        return store.messageQueue().all(devId, limit, now()).stream().map(HubUserBackend::toQueued).toList();
    }

    @Override
    public int clearQueues(int devId, Collection<Long> userIds) {
        // CppComet kept rows queued within the current second (§2.5); we clear the whole queue as asked
        return store.messageQueue().clear(devId, userIds);
    }

    @Override
    public void setUserData(int devId, long userId, String data) {
        store.userData().put(devId, userId, data);
    }

    @Override
    public Map<Long, String> userData(int devId, Collection<Long> userIds) {
        return store.userData().get(devId, userIds);
    }

    @Override
    public Map<Long, String> allUserData(int devId, int limit) {
        return store.userData().all(devId, limit);
    }

    @Override
    public int deleteUserData(int devId, Collection<Long> userIds) {
        return store.userData().delete(devId, userIds);
    }

    @Override
    public void revokeToken(int devId, String token) {
        publisher.requireBroker(); // the disconnect below must reach every node
        store.revokedTokens().put(devId, token, now());
        OptionalLong userId = jwt.userId(devId, token);
        if (userId.isPresent()) {
            store.auth().delete(devId, List.of(userId.getAsLong()));
            publisher.disconnectUser(devId, userId.getAsLong(), Disconnect.AUTH_REVOKED);
        }
    }

    @Override
    public List<String> revokedTokens(int devId, Collection<String> tokens) {
        return store.revokedTokens().get(devId, tokens);
    }

    @Override
    public List<String> allRevokedTokens(int devId, int limit) {
        return store.revokedTokens().all(devId, limit);
    }

    @Override
    public int deleteRevokedTokens(int devId, Collection<String> tokens) {
        return store.revokedTokens().delete(devId, tokens);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static QueuedMessage toQueued(org.cometserver.server.store.QueuedMessage m) {
        return new QueuedMessage(m.id(), m.userId(), m.time(), m.event(), m.message());
    }
}
