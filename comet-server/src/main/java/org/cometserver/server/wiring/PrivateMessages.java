package org.cometserver.server.wiring;

import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.store.MessageQueueStore;
import org.cometserver.server.store.QueuedMessage;

import java.time.Clock;
import java.util.UUID;

/**
 * The private-message path shared by {@code users_messages} and conference invitations: live to every connection of
 * the user on this node, else into the offline queue until {@code [main] queue_ttl} expires. Every message is kept
 * (CppComet delivered the 10 oldest at login and dropped the rest, §3.6).
 */
final class PrivateMessages {
    private final Hub hub;
    private final MessageQueueStore queue;
    private final Clock clock;
    private final long ttlSeconds;
    private final MessageCounters counters;

    PrivateMessages(Hub hub, MessageQueueStore queue, Clock clock, long ttlSeconds, MessageCounters counters) {
        this.hub = hub;
        this.queue = queue;
        this.clock = clock;
        this.ttlSeconds = ttlSeconds;
        this.counters = counters;
    }

    /**
     * Delivers {@code live} to the user's connections, or queues {@code event}/{@code queuedText} when none took it.
     * May block (queueing writes to the store).
     *
     * @return true when delivered live
     */
    boolean deliver(int devId, long userId, String event, EncodedFrame live, String queuedText) {
        counters.count(devId);
        if (hub.sendToUser(devId, userId, live) > 0) {
            return true;
        }
        long now = clock.instant().getEpochSecond();
        queue.push(new QueuedMessage(UUID.randomUUID().toString(), devId, userId, now, now + ttlSeconds, event,
                queuedText));
        return false;
    }
}
