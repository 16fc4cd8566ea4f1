package org.cometserver.server.wiring;

import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.store.MessageQueueStore;
import org.cometserver.server.store.QueuedMessage;

import java.time.Clock;
import java.util.UUID;

/**
 * The private-message path shared by {@code users_messages} and conference invitations: live to every connection of
 * the user on every node ({@link Publisher#publishToUser}), else into the offline queue until {@code [main]
 * queue_ttl} expires. Every message is kept (CppComet delivered the 10 oldest at login and dropped the rest, §3.6).
 */
final class PrivateMessages {
    private final Publisher publisher;
    private final MessageQueueStore queue;
    private final Clock clock;
    private final long ttlSeconds;

    PrivateMessages(Publisher publisher, MessageQueueStore queue, Clock clock, long ttlSeconds) {
        this.publisher = publisher;
        this.queue = queue;
        this.clock = clock;
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * Delivers {@code live} to the user's connections, or queues {@code event}/{@code queuedText} when none took it.
     * May block (the broker within the publish timeout, queueing writes to the store).
     *
     * @return true when delivered live
     */
    boolean deliver(int devId, long userId, String event, EncodedFrame live, String queuedText) {
        if (publisher.await(publisher.publishToUser(devId, new UserMessage(userId, live.utf8(), event, queuedText)))
                > 0) {
            return true;
        }
        queue(devId, userId, event, queuedText);
        return false;
    }

    /**
     * Into the user's offline queue. Blocks on the store. A connection registering meanwhile (on any node) may have
     * read the queue before this write: the nodes holding the user are told to replay the rest.
     */
    void queue(int devId, long userId, String event, String queuedText) {
        long now = clock.instant().getEpochSecond();
        queue.push(new QueuedMessage(UUID.randomUUID().toString(), devId, userId, now, now + ttlSeconds, event,
                queuedText));
        publisher.queueChanged(devId, userId);
    }
}
