package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code users_messages}: private messages queued for users who were offline; kept until delivered or expired. */
public interface MessageQueueStore {
    void push(QueuedMessage message);

    /** Unexpired messages of these users, oldest first. */
    List<QueuedMessage> peek(int devId, Collection<Long> userIds, long now);

    List<QueuedMessage> all(int devId, int limit, long now);

    /**
     * The user's unexpired messages queued after {@code afterSeq} (0: all), oldest first: the replay at login. They
     * stay queued until {@link #deleteUpTo} says the client has them.
     */
    List<QueuedEntry> since(int devId, long userId, long afterSeq, long now);

    /** Deletes the user's messages up to and including {@code seq} (the client received them); returns how many. */
    int deleteUpTo(int devId, long userId, long seq);

    int clear(int devId, Collection<Long> userIds);

    /** Deletes messages whose expiry is at or before {@code now}; returns how many. */
    int purgeExpired(long now);

    /** Messages waiting for offline users, all dev_ids, expired ones not yet purged included ({@code /metrics}). */
    long size();
}
