package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code users_messages}: private messages queued for users who were offline; kept until delivered or expired. */
public interface MessageQueueStore {
    void push(QueuedMessage message);

    /** Unexpired messages of these users, oldest first. */
    List<QueuedMessage> peek(int devId, Collection<Long> userIds, long now);

    List<QueuedMessage> all(int devId, int limit, long now);

    /** Removes and returns every unexpired message of the user, oldest first (delivery at login). */
    List<QueuedMessage> take(int devId, long userId, long now);

    int clear(int devId, Collection<Long> userIds);

    /** Deletes messages whose expiry is at or before {@code now}; returns how many. */
    int purgeExpired(long now);
}
