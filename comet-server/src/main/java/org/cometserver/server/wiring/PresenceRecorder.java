package org.cometserver.server.wiring;

import org.cometserver.server.config.MainSection;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.store.OnlineTimeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What a user coming online and going offline causes (docs/CPPCOMET.md §3.8): {@code online}/{@code offline} on
 * {@code user_status_<id>} and the {@code users_time} row, each switchable in {@code [main]}. {@link NodeEvents} calls
 * it when presence says the user's first connection (or his last) on any node came (or went). The store write runs
 * on {@code storeExecutor}, never on the caller's event loop; it must run tasks in order (one thread), so an
 * {@code online} write never lands after the {@code offline} that followed it.
 */
public final class PresenceRecorder {
    private static final Logger log = LoggerFactory.getLogger(PresenceRecorder.class);

    private final MainSection main;
    private final OnlineTimeStore onlineTimes;
    private final Executor storeExecutor;
    private final Clock clock;
    private final Publisher publisher;

    public PresenceRecorder(MainSection main, OnlineTimeStore onlineTimes, Executor storeExecutor, Clock clock,
                            Publisher publisher) {
        this.publisher = publisher;
        this.main = main;
        this.onlineTimes = onlineTimes;
        this.storeExecutor = storeExecutor;
        this.clock = clock;
    }

    public void userOnline(int devId, long userId) {
        if (main.sendUserOnlineEvents()) {
            publishStatus(devId, userId, true);
        }
        record(devId, userId, 0);
    }

    public void userOffline(int devId, long userId) {
        if (main.sendUserOfflineEvents()) {
            publishStatus(devId, userId, false);
        }
        record(devId, userId, clock.instant().getEpochSecond());
    }

    /** The {@code user_status_<id>} event, to every node's subscribers. */
    private void publishStatus(int devId, long userId, boolean online) {
        publisher.publishFrame(devId, CometFrames.userStatusPipe(userId), CometFrames.userStatus(userId, online));
    }

    private void record(int devId, long userId, long time) {
        if (!main.saveUsersLastOnlineTime()) {
            return;
        }
        storeExecutor.execute(() -> {
            try {
                onlineTimes.put(devId, userId, time);
            } catch (RuntimeException e) {
                log.warn("cannot record users_time of user {} (dev {}): {}", userId, devId, e.getMessage());
            }
        });
    }
}
