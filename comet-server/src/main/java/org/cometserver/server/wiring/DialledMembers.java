package org.cometserver.server.wiring;

import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.Control;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The phones in rooms, by the call's channel uuid: calls dialled into a room (the originate's {@code +OK <uuid>},
 * which is the conference member's uuid: the originated channel itself runs {@code &conference}) and PIN callers
 * (the uuid of the channel whose PIN the dial-in lookup answered). FreeSWITCH reports such a member under the
 * phone's caller id, which names no user; this map lists it under the user_id of the row or page that dialled it
 * (0 for a PIN caller), so that {@code DELETE … WHERE user_id = N} kicks it, with {@code kind = phone} and its
 * number. With several nodes ({@link #shareThrough}) each entry is told to every node ({@link Control.PhoneInRoom}),
 * so that all of them list the phone as the node that dialled it or let it in does. Lost on restart: a phone that
 * joined before it (or, on another node, before that node started) is listed as user 0, kind {@code sip}.
 */
final class DialledMembers {
    private static final Logger log = LoggerFactory.getLogger(DialledMembers.class);
    /** How long an entry waits for its member to show up in the registry before it may be dropped. */
    private static final Duration JOIN_GRACE = Duration.ofMinutes(1);
    /** Bound: entries live at most JOIN_GRACE unless their member is live; this caps a flood of PIN lookups. */
    private static final int MAX_ENTRIES = 100_000;

    /** A phone in a room: the user it is listed under and its number. */
    record Phone(long userId, String number) {
    }

    private record Dialled(Phone phone, Instant at) {
    }

    private final Map<String, Dialled> byUuid = new ConcurrentHashMap<>();
    private final Clock clock;
    /** Null on a single node. */
    private volatile Broker shared;

    DialledMembers(Clock clock) {
        this.clock = clock;
    }

    void dialled(String uuid, long userId) {
        dialled(uuid, userId, "");
    }

    /** Several nodes: every entry of this node is told to the others through {@code broker}. */
    void shareThrough(Broker broker) {
        this.shared = broker;
    }

    /**
     * A phone joins (or is about to join) a room on channel {@code uuid}: this node dialled it or let it in. False
     * when the map is full.
     */
    boolean dialled(String uuid, long userId, String number) {
        String known = number == null ? "" : number;
        if (!put(uuid, userId, known)) {
            return false;
        }
        Broker broker = shared;
        if (broker != null) {
            broker.publishControl(new Control.PhoneInRoom(0, uuid, userId, known)).exceptionally(e -> {
                log.warn("phone {} not told to the other nodes: {}", uuid, e.toString());
                return null;
            });
        }
        return true;
    }

    /** Another node dialled the phone or let it in (this node's own announcements come back here too). */
    void learned(Control.PhoneInRoom phone) {
        if (!put(phone.uuid(), phone.userId(), phone.number())) {
            log.warn("phone {} of another node not listed: {} phones waiting already", phone.uuid(), MAX_ENTRIES);
        }
    }

    private boolean put(String uuid, long userId, String number) {
        if (byUuid.size() >= MAX_ENTRIES && !byUuid.containsKey(uuid)) {
            return false;
        }
        byUuid.put(uuid, new Dialled(new Phone(userId, number), clock.instant()));
        return true;
    }

    Optional<Phone> phone(String uuid) {
        Dialled dialled = byUuid.get(uuid);
        return dialled == null ? Optional.empty() : Optional.of(dialled.phone());
    }

    /** Forgets the calls that have left (older than the grace period and no longer a member anywhere). */
    void forgetGone(ConferenceSnapshot snapshot) {
        if (byUuid.isEmpty()) {
            return;
        }
        Set<String> live = new HashSet<>();
        snapshot.conferences().forEach(c -> c.members().forEach(m -> live.add(m.uuid())));
        Instant cutoff = clock.instant().minus(JOIN_GRACE);
        byUuid.entrySet().removeIf(e -> !live.contains(e.getKey()) && e.getValue().at().isBefore(cutoff));
    }
}
