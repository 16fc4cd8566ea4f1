package org.cometserver.server.wiring;

import org.cometserver.esl.EslBridge;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.store.Store;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The rooms side of issue 11, built once per server: the room end notices ({@link RoomEnds}, where
 * {@link RoomEndListener}s register), and with a FreeSWITCH bridge the {@link RoomGovernor} listening to it and its
 * {@code room-timers} scheduler (one daemon thread; at most {@link RoomGovernor#MAX_ROOMS} rooms × 2 timers queued).
 * {@link #close} stops the timers.
 */
public final class Rooms implements AutoCloseable {
    private final RoomEnds ends;
    /** The phones in rooms, shared by the room notices and the conference backend. */
    private final DialledMembers phones;
    /** Null without a bridge. */
    private final RoomGovernor governor;
    private final ScheduledExecutorService timers;

    private Rooms(RoomEnds ends, DialledMembers phones, RoomGovernor governor, ScheduledExecutorService timers) {
        this.ends = ends;
        this.phones = phones;
        this.governor = governor;
        this.timers = timers;
    }

    /** Registers the governor with {@code bridge} (null: no FreeSWITCH node; settings are only stored). */
    public static Rooms create(CometConfig config, Publisher publisher, Store store, Clock clock, EslBridge bridge) {
        RoomChannel channel = new RoomChannel(config.sip(), store.conferences(), publisher);
        RoomEnds ends = new RoomEnds(channel, bridge);
        DialledMembers phones = publisher.phones();
        if (bridge == null) {
            return new Rooms(ends, phones, null, null);
        }
        // the room's joined/left/talking/changed notices, which name phones as conference_members does
        bridge.addListener(new ConferenceNotices(config.sip(), channel, bridge::domain, phones));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "room-timers");
            thread.setDaemon(true);
            return thread;
        });
        RoomGovernor governor = new RoomGovernor(new FreeswitchRooms(config.sip(), bridge::domain),
                store.roomSettings(), store.recordings(), ends, bridge, timers, clock,
                config.freeswitch().recordDir(), bridge::snapshot);
        bridge.addListener(governor);
        return new Rooms(ends, phones, governor, timers);
    }

    /** Where {@link RoomEndListener}s register; also renders {@code CONFERENCE_ENDED}. */
    public RoomEnds ends() {
        return ends;
    }

    /** The phones in rooms (dialled, or PIN callers), by channel uuid. */
    DialledMembers phones() {
        return phones;
    }

    RoomGovernor governor() {
        return governor;
    }

    @Override
    public void close() {
        if (timers != null) {
            timers.shutdownNow();
            try {
                timers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
