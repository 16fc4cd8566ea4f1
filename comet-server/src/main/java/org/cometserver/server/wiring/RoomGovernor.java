package org.cometserver.server.wiring;

import org.cometserver.esl.ConferenceControl;
import org.cometserver.esl.conference.Conference;
import org.cometserver.esl.conference.ConferenceAction;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.spi.ConferenceListener;
import org.cometserver.server.logging.RateLimitedLog;
import org.cometserver.server.store.RecordingStore;
import org.cometserver.server.store.RoomSettings;
import org.cometserver.server.store.RoomSettingsStore;
import org.cometserver.server.store.StoredRecording;
import org.cometserver.server.wiring.FreeswitchRooms.Room;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs live rooms by their {@code conference_settings} (docs/CONFERENCES.md), listening to the bridge:
 * <ul>
 *   <li>a room starts ({@code conference-create}): its settings are applied (lock, max_members, vid-layout,
 *   recording) and its max_duration timer starts: {@code CONFERENCE_ENDING} a minute before, then the room ends;</li>
 *   <li>someone joins: the {@code announce} tone is played to the room; with {@code wait_for_moderator}, members are
 *   held ({@code conference hold}: music on hold) until the moderator joins, then all unheld;</li>
 *   <li>the moderator leaves: the room ends (reason {@code moderator});</li>
 *   <li>{@code start-recording}/{@code stop-recording} become {@code conference_recordings} rows.</li>
 * </ul>
 * Listener calls come on the bridge's callback executor, timers on the {@code room-timers} scheduler, setting changes
 * on a CometQL executor: state is guarded by this object. Commands sent here are not waited for (a refusal is
 * logged, rate-limited); statements that change settings wait through {@link FreeswitchRoomBackend}.
 */
final class RoomGovernor implements ConferenceListener {
    /** Rooms followed at once; beyond, a room runs without timers (logged). */
    static final int MAX_ROOMS = 100_000;
    static final Duration WARNING_BEFORE = Duration.ofMinutes(1);
    /** {@code enter-sound} of freeswitch-conf's profiles; a tone, since a build may have no sound files. */
    static final String ANNOUNCE_TONE = "tone_stream://%(200,0,500,600,700)";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final FreeswitchRooms rooms;
    private final RoomSettingsStore settingsStore;
    private final RecordingStore recordings;
    private final RoomEnds ends;
    private final ConferenceControl control;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final String recordDir;
    /** The registry: a room the notices have not reached yet is live already. */
    private final Supplier<ConferenceSnapshot> snapshot;
    /** In a cluster: the FreeSWITCH nodes whose rooms this server times ({@link FreeswitchOwners}); all by default. */
    private volatile Predicate<String> timesRoomsOf = node -> true;
    /** In a cluster another node's CometQL may change a room's settings: they are read again at joins and expiry. */
    private volatile boolean settingsShared;
    private final RateLimitedLog log;
    private final Map<Room, LiveRoom> live = new HashMap<>();

    /** A room FreeSWITCH runs: where, since when, by which settings, and its timers. */
    private static final class LiveRoom {
        final String node;
        final String conference;
        final Instant started;
        RoomSettings settings;
        ScheduledFuture<?> warning;
        ScheduledFuture<?> end;
        boolean ending;
        boolean moderatorPresent;
        /** Followed since a statement changed it, before its create notice came: that notice applies nothing. */
        boolean fromStatement;
        final Set<Integer> held = new HashSet<>();
        final Set<Integer> members = new HashSet<>();

        LiveRoom(String node, String conference, Instant started, RoomSettings settings) {
            this.node = node;
            this.conference = conference;
            this.started = started;
            this.settings = settings;
        }

        void cancelTimers() {
            if (warning != null) {
                warning.cancel(false);
            }
            if (end != null) {
                end.cancel(false);
            }
            warning = null;
            end = null;
        }
    }

    RoomGovernor(FreeswitchRooms rooms, RoomSettingsStore settingsStore, RecordingStore recordings, RoomEnds ends,
                 ConferenceControl control, ScheduledExecutorService timers, Clock clock, String recordDir,
                 Supplier<ConferenceSnapshot> snapshot) {
        this.rooms = rooms;
        this.settingsStore = settingsStore;
        this.recordings = recordings;
        this.ends = ends;
        this.control = control;
        this.timers = timers;
        this.clock = clock;
        this.recordDir = recordDir;
        this.snapshot = snapshot;
        this.log = new RateLimitedLog(LoggerFactory.getLogger(RoomGovernor.class), Duration.ofSeconds(10), clock);
    }

    @Override
    public void conferenceAction(ConferenceAction action) {
        Room room = rooms.room(action.node(), action.conference());
        if (room == null) {
            return;
        }
        switch (action.action()) {
            case ConferenceAction.CREATE -> started(room, action.node(), action.conference(), action.at());
            case ConferenceAction.DESTROY -> {
                destroyed(room);
                // FreeSWITCH stops its recorders first; a stop missed while disconnected ends with the room
                for (StoredRecording r : running(RoomSettings.defaults(room.devId(), room.name()), action.node())) {
                    recordings.stopped(room.devId(), r.path(), action.at().getEpochSecond(), 0);
                }
            }
            case ConferenceAction.START_RECORDING -> {
                if (action.path() != null) {
                    recordings.started(new StoredRecording(room.devId(), room.name(), action.path(),
                            action.at().getEpochSecond(), 0, 0, action.node()));
                }
            }
            case ConferenceAction.STOP_RECORDING -> {
                if (action.path() != null) {
                    recordings.stopped(room.devId(), action.path(), action.at().getEpochSecond(),
                            Math.max(0, action.fileSize()));
                }
            }
            default -> {
            }
        }
    }

    private void started(Room room, String node, String conference, Instant at) {
        synchronized (this) {
            LiveRoom known = live.get(room);
            if (known != null && known.fromStatement && known.conference.equals(conference) && known.node.equals(node)) {
                known.fromStatement = false; // its settings were sent by the statement
                return;
            }
        }
        RoomSettings settings = stored(room);
        LiveRoom state;
        synchronized (this) {
            if (live.size() >= MAX_ROOMS && !live.containsKey(room)) {
                log.warn("{} rooms are live: room {} of dev {} runs without its max_duration timer", MAX_ROOMS,
                        room.name(), room.devId());
                return;
            }
            state = new LiveRoom(node, conference, at, settings);
            LiveRoom previous = live.put(room, state);
            if (previous != null) {
                previous.cancelTimers();
            }
            schedule(room, state);
        }
        logFailures(room, commands(RoomSettings.defaults(room.devId(), room.name()), settings, node, conference));
    }

    private synchronized void destroyed(Room room) {
        LiveRoom state = live.remove(room);
        if (state != null) {
            state.cancelTimers();
        }
    }

    @Override
    public void memberJoined(Member member) {
        Room room = rooms.room(member.node(), member.conference());
        if (room == null) {
            return;
        }
        LiveRoom state = liveRoom(room, member);
        if (state == null) {
            return;
        }
        if (settingsShared) {
            refresh(room, state, stored(room));
        }
        RoomSettings s;
        boolean first;
        boolean isModerator;
        List<Integer> release = List.of();
        boolean hold = false;
        synchronized (this) {
            s = state.settings;
            first = state.members.isEmpty();
            state.members.add(member.memberId());
            isModerator = s.moderator() != 0 && userId(room, member).orElse(-1) == s.moderator();
            if (isModerator) {
                state.moderatorPresent = true;
                release = new ArrayList<>(state.held);
                state.held.clear();
            } else if (s.waitForModerator() && s.moderator() != 0 && !state.moderatorPresent) {
                state.held.add(member.memberId());
                hold = true;
            }
        }
        if (s.announce() && !first) {
            report(room, control.conferenceCommand(state.node, ConferenceCommand.PLAY, state.conference, ANNOUNCE_TONE));
        }
        if (hold) {
            report(room, control.conferenceCommand(state.node, ConferenceCommand.HOLD, state.conference,
                    member.memberId()));
        }
        for (int id : release) {
            report(room, control.conferenceCommand(state.node, ConferenceCommand.UNHOLD, state.conference, id));
        }
    }

    @Override
    public void memberLeft(Member member) {
        Room room = rooms.room(member.node(), member.conference());
        if (room == null) {
            return;
        }
        LiveRoom state;
        synchronized (this) {
            state = live.get(room);
            if (state == null) {
                return;
            }
            state.members.remove(member.memberId());
            state.held.remove(member.memberId());
            RoomSettings s = state.settings;
            if (s.moderator() == 0 || userId(room, member).orElse(-1) != s.moderator() || state.ending) {
                return;
            }
            state.ending = true;
            state.cancelTimers();
        }
        ends.end(room, state.node, state.conference, RoomEndReason.MODERATOR);
    }

    @Override
    public void memberChanged(Member before, Member after) {
    }

    /** In a cluster: only rooms of FreeSWITCH nodes {@code owned} says this server holds get timers from statements. */
    void timeRoomsOnlyOf(Predicate<String> owned) {
        this.timesRoomsOf = owned;
        this.settingsShared = true;
    }

    /** Takes settings read again from the store (a cluster: changed through another node), re-timing max_duration. */
    private void refresh(Room room, LiveRoom state, RoomSettings fresh) {
        synchronized (this) {
            if (live.get(room) != state || fresh.equals(state.settings)) {
                return;
            }
            boolean retime = state.settings.maxDuration() != fresh.maxDuration();
            state.settings = fresh;
            if (retime && !state.ending) {
                state.cancelTimers();
                schedule(room, state);
            }
        }
    }

    /**
     * The backend stored new settings (FreeSWITCH already accepted the live changes of room {@code where}, null when
     * it is not live): re-time max_duration.
     */
    void settingsChanged(RoomSettings settings, String[] where) {
        Room room = new Room(settings.devId(), settings.name());
        synchronized (this) {
            LiveRoom state = live.get(room);
            if (state == null) {
                // live, its create notice still on its way (on another node's lease holder: that node times it)
                if (where != null && live.size() < MAX_ROOMS && timesRoomsOf.test(where[0])) {
                    state = new LiveRoom(where[0], where[1], clock.instant(), settings);
                    state.fromStatement = true;
                    live.put(room, state);
                    schedule(room, state);
                }
                return;
            }
            if (where == null && timesRoomsOf.test(state.node)) {
                // the room started between the statement's look and its write, and applied what it read then: the
                // difference is applied now (FreeSWITCH's answers are not awaited: the statement already stored)
                logFailures(room, commands(state.settings, settings, state.node, state.conference));
            }
            refresh(room, state, settings);
        }
    }

    private void logFailures(Room room, List<CompletableFuture<String>> commands) {
        for (CompletableFuture<String> sent : commands) {
            sent.whenComplete((reply, failure) -> {
                if (failure != null) {
                    log.warn("room {} of dev {}: applying its settings failed: {}", room.name(), room.devId(),
                            failure.getMessage());
                }
            });
        }
    }

    /**
     * Where the room runs now: node and FreeSWITCH conference name; empty when it is not live. The registry answers
     * for a room whose start this governor has not been told of yet (notices trail the registry).
     */
    Optional<String[]> whereLive(int devId, String name) {
        Room room = new Room(devId, name);
        synchronized (this) {
            LiveRoom state = live.get(room);
            if (state != null) {
                return Optional.of(new String[]{state.node, state.conference});
            }
        }
        for (Conference conference : snapshot.get().conferences()) {
            if (room.equals(rooms.room(conference.node(), conference.name()))) {
                return Optional.of(new String[]{conference.node(), conference.name()});
            }
        }
        return Optional.empty();
    }

    /**
     * The commands that take a live room from {@code before} to {@code after}, sent now; the futures complete with
     * FreeSWITCH's success replies. Moderator, PIN, announce, wait and dial flags need no command.
     */
    List<CompletableFuture<String>> commands(RoomSettings before, RoomSettings after, String node, String conference) {
        List<CompletableFuture<String>> sent = new ArrayList<>();
        if (before.locked() != after.locked()) {
            sent.add(control.conferenceCommand(node, after.locked() ? ConferenceCommand.LOCK : ConferenceCommand.UNLOCK,
                    conference, null));
        }
        if (before.maxMembers() != after.maxMembers()) {
            sent.add(control.conferenceCommand(node, ConferenceCommand.SET_MAX_MEMBERS, conference,
                    Integer.toString(after.maxMembers())));
        }
        if (!before.videoLayout().equals(after.videoLayout()) && !after.videoLayout().isEmpty()) {
            sent.add(control.conferenceCommand(node, ConferenceCommand.VID_LAYOUT, conference, after.videoLayout()));
        }
        if (!before.record() && after.record()) {
            // a recording still running (the server restarted while the room lived on) is kept, not doubled
            if (running(after, node).isEmpty()) {
                sent.add(control.conferenceCommand(node, ConferenceCommand.RECORDING_START, conference,
                        recordingPath(after)));
            }
        } else if (before.record() && !after.record()) {
            for (StoredRecording running : running(after, node)) {
                sent.add(control.conferenceCommand(node, ConferenceCommand.RECORDING_STOP, conference,
                        running.path()));
            }
        }
        return sent;
    }

    /** The room's recordings on {@code node} without a stop yet. */
    private List<StoredRecording> running(RoomSettings room, String node) {
        return recordings.get(room.devId(), List.of(room.name())).stream()
                .filter(r -> r.ended() == 0 && r.node().equals(node)).toList();
    }

    /** {@code <record_dir>/<dev_id>_<room>_<yyyyMMdd-HHmmss>.wav} (UTC). */
    String recordingPath(RoomSettings settings) {
        return recordDir + "/" + settings.devId() + "_" + settings.name() + "_" + FILE_TIME.format(clock.instant())
                + ".wav";
    }

    /** Called holding the lock. */
    private void schedule(Room room, LiveRoom state) {
        int maxDuration = state.settings.maxDuration();
        if (maxDuration <= 0) {
            return;
        }
        long endsInMillis = Math.max(0, Duration.between(clock.instant(), state.started.plusSeconds(maxDuration))
                .toMillis());
        long warnInMillis = Math.max(0, endsInMillis - WARNING_BEFORE.toMillis());
        state.warning = timers.schedule(() -> ends.warn(room, state.node, RoomEndReason.MAX_DURATION,
                Math.round((endsInMillis - warnInMillis) / 1000.0)), warnInMillis, TimeUnit.MILLISECONDS);
        state.end = timers.schedule(() -> expired(room, state), endsInMillis, TimeUnit.MILLISECONDS);
    }

    private void expired(Room room, LiveRoom state) {
        if (settingsShared) {
            RoomSettings fresh = stored(room);
            synchronized (this) {
                if (live.get(room) == state && !state.ending
                        && fresh.maxDuration() != state.settings.maxDuration()) {
                    refresh(room, state, fresh); // changed through another node: timed again (0: no end)
                    return;
                }
            }
        }
        synchronized (this) {
            if (live.get(room) != state || state.ending) {
                return;
            }
            state.ending = true;
        }
        ends.end(room, state.node, state.conference, RoomEndReason.MAX_DURATION);
    }

    /** A room whose start we did not see (the server started after it): followed from now on. */
    private LiveRoom liveRoom(Room room, Member member) {
        synchronized (this) {
            LiveRoom state = live.get(room);
            if (state != null) {
                return state;
            }
        }
        started(room, member.node(), member.conference(), clock.instant());
        synchronized (this) {
            return live.get(room);
        }
    }

    private RoomSettings stored(Room room) {
        try {
            List<RoomSettings> found = settingsStore.get(room.devId(), List.of(room.name()));
            return found.isEmpty() ? RoomSettings.defaults(room.devId(), room.name()) : found.get(0);
        } catch (RuntimeException e) {
            log.warn("room {} of dev {}: settings not read ({}); running it with the defaults", room.name(),
                    room.devId(), e.getMessage());
            return RoomSettings.defaults(room.devId(), room.name());
        }
    }

    private static OptionalLong userId(Room room, Member member) {
        return FreeswitchRooms.userId(room.devId(), member.callerIdName(), member.callerIdNumber());
    }

    private void report(Room room, CompletableFuture<?> sent) {
        sent.whenComplete((reply, failure) -> {
            if (failure != null) {
                log.warn("room {} of dev {}: {}", room.name(), room.devId(), failure.getMessage());
            }
        });
    }
}
