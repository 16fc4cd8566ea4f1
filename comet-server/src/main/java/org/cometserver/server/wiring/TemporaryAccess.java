package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.UserBackend;
import org.cometserver.esl.ConferenceControl;
import org.cometserver.esl.conference.Conference;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.spi.ConferenceListener;
import org.cometserver.server.config.SipSection;
import org.cometserver.server.store.Store;
import org.cometserver.server.store.TemporaryUser;
import org.cometserver.server.wiring.FreeswitchRooms.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Ends temporary access (docs/GUESTS.md, "Temporary users"):
 * <ul>
 *   <li>a {@code users_auth} row bound to a room goes when its holder left the room for good: none of its members is
 *   in the room {@code grace} after one of them left;</li>
 *   <li>{@link #sweep} removes {@code users_auth} rows past their ttl (closing their connections, as DELETE does) and
 *   expired guest passes, and kicks guests whose pass is gone;</li>
 *   <li>a guest member that joins a room its pass is not for (or without a live pass) is kicked at once: freeswitch-conf's
 *   {@code comet_guest} dialplan already refuses it, this covers a FreeSWITCH without that dialplan.</li>
 * </ul>
 * Member notices come on the bridge's callback thread; {@code later} runs the room checks (on the store thread).
 */
final class TemporaryAccess implements ConferenceListener {
    private static final Logger log = LoggerFactory.getLogger(TemporaryAccess.class);
    /** How long after a member of a room-bound user left the room the user is removed unless back. */
    static final Duration GRACE = Duration.ofSeconds(30);
    /** How often expired users and passes are looked for: a ttl ends within this much of its time. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    /** Rows a sweep removes at most; the next sweep takes the rest. */
    static final int SWEEP_LIMIT = 1000;
    /** Room checks waiting for their grace period at most; beyond, a leaving user is left to its ttl (logged). */
    static final int MAX_PENDING_CHECKS = 10_000;

    private final FreeswitchRooms rooms;
    private final Store store;
    private final UserBackend users;
    /** Null without a FreeSWITCH node. */
    private final ConferenceControl control;
    private final Supplier<ConferenceSnapshot> snapshot;
    private final BiConsumer<Runnable, Duration> later;
    private final Duration grace;
    private final Clock clock;
    /** (room, user) checks scheduled and not yet run: one per user and room, bounded. */
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

    private record Pending(Room room, long userId) {
    }

    /**
     * @param reportedDomain node name → the domain FreeSWITCH reported (the bridge's {@code domain})
     * @param control        kicks guests; null without FreeSWITCH
     * @param snapshot       the live conferences; null without FreeSWITCH
     * @param later          runs a task after a delay (a named scheduler)
     */
    TemporaryAccess(SipSection sip, Function<String, Optional<String>> reportedDomain, Store store, UserBackend users,
                    ConferenceControl control, Supplier<ConferenceSnapshot> snapshot,
                    BiConsumer<Runnable, Duration> later, Duration grace, Clock clock) {
        this.rooms = new FreeswitchRooms(sip, reportedDomain);
        this.store = store;
        this.users = users;
        this.control = control;
        this.snapshot = snapshot;
        this.later = later;
        this.grace = grace;
        this.clock = clock;
    }

    @Override
    public void memberJoined(Member member) {
        Room room = rooms.room(member.node(), member.conference());
        OptionalLong guest = guestOf(room, member);
        if (guest.isPresent() && !admitted(room, guest.getAsLong())) {
            kick(member, room, guest.getAsLong());
        }
    }

    @Override
    public void memberLeft(Member member) {
        Room room = rooms.room(member.node(), member.conference());
        if (room == null) {
            return;
        }
        OptionalLong userId = FreeswitchRooms.userId(room.devId(), member.callerIdNumber(), member.callerIdName());
        if (userId.isEmpty() || GuestIds.isGuest(userId.getAsLong())) {
            return;
        }
        long user = userId.getAsLong();
        if (!boundTo(room, user)) {
            return;
        }
        Pending check = new Pending(room, user);
        if (pending.size() >= MAX_PENDING_CHECKS) {
            log.warn("temporary user {} of dev_id {} left room {}: {} room checks pending already, left to its ttl",
                    user, room.devId(), room.name(), MAX_PENDING_CHECKS);
        } else if (pending.add(check)) {
            later.accept(() -> {
                pending.remove(check);
                leftForGood(room, user);
            }, grace);
        }
    }

    @Override
    public void memberChanged(Member before, Member after) {
    }

    /** After the grace period: removes the user when none of its members came back into the room. */
    void leftForGood(Room room, long userId) {
        try {
            if (inRoom(room, userId) || !boundTo(room, userId)) {
                return;
            }
            users.deleteAuthHashes(room.devId(), List.of(userId));
            log.info("temporary user {} of dev_id {} left room {}: removed from users_auth", userId, room.devId(),
                    room.name());
        } catch (RuntimeException e) {
            log.warn("temporary user {} of dev_id {}: removal after leaving room {} failed: {}", userId, room.devId(),
                    room.name(), e.toString());
        }
    }

    /** Removes expired temporary users and guest passes, and kicks guests whose pass is gone. */
    void sweep() {
        try {
            long now = clock.instant().getEpochSecond();
            Map<Integer, List<Long>> expired = new TreeMap<>();
            for (TemporaryUser user : store.auth().expired(now, SWEEP_LIMIT)) {
                expired.computeIfAbsent(user.devId(), d -> new ArrayList<>()).add(user.userId());
            }
            expired.forEach((devId, ids) -> {
                users.deleteAuthHashes(devId, ids);
                log.info("temporary users {} of dev_id {}: ttl passed, removed from users_auth", ids, devId);
            });
            int passes = store.guests().purgeExpired(now);
            if (passes > 0) {
                log.info("removed {} expired guest passes", passes);
            }
            kickGuestsWithoutPass();
        } catch (RuntimeException e) {
            log.warn("temporary users and guests sweep failed: {}", e.toString());
        }
    }

    private void kickGuestsWithoutPass() {
        if (snapshot == null) {
            return;
        }
        for (Conference conference : snapshot.get().conferences()) {
            Room room = rooms.room(conference.node(), conference.name());
            for (Member member : conference.members()) {
                OptionalLong guest = guestOf(room, member);
                if (guest.isPresent() && !admitted(room, guest.getAsLong())) {
                    kick(member, room, guest.getAsLong());
                }
            }
        }
    }

    /** The guest id a member of one of our rooms presents, if any. */
    private static OptionalLong guestOf(Room room, Member member) {
        if (room == null) {
            return OptionalLong.empty();
        }
        for (String callerId : new String[] {member.callerIdNumber(), member.callerIdName()}) {
            OptionalLong id = FreeswitchRooms.userId(room.devId(), callerId);
            if (id.isPresent() && GuestIds.isGuest(id.getAsLong())) {
                return id;
            }
        }
        return OptionalLong.empty();
    }

    /** Whether the guest holds a redeemed, unexpired pass for this room. */
    private boolean admitted(Room room, long guestId) {
        long now = clock.instant().getEpochSecond();
        return store.guests().bySeqs(room.devId(), List.of(GuestIds.seqOf(guestId))).stream()
                .anyMatch(pass -> pass.activeAt(now) && pass.name().equals(room.name()));
    }

    private void kick(Member member, Room room, long guestId) {
        log.warn("guest {} in room {} of dev_id {} has no live pass for it: kicking member {}", guestId, room.name(),
                room.devId(), member.memberId());
        if (control == null) {
            return;
        }
        control.conferenceCommand(member.node(), ConferenceCommand.KICK, member.conference(), member.memberId())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        log.warn("kicking guest {} from {} failed: {}", guestId, member.conference(), failure.toString());
                    }
                });
    }

    private boolean boundTo(Room room, long userId) {
        return store.auth().boundTo(room.devId(), room.name()).stream().anyMatch(u -> u.userId() == userId);
    }

    private boolean inRoom(Room room, long userId) {
        if (snapshot == null) {
            return false;
        }
        for (Conference conference : snapshot.get().conferences()) {
            if (!room.equals(rooms.room(conference.node(), conference.name()))) {
                continue;
            }
            for (Member member : conference.members()) {
                OptionalLong id = FreeswitchRooms.userId(room.devId(), member.callerIdNumber(), member.callerIdName());
                if (id.isPresent() && id.getAsLong() == userId) {
                    return true;
                }
            }
        }
        return false;
    }
}
