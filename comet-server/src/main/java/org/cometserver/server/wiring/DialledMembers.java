package org.cometserver.server.wiring;

import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.Control;
import org.cometserver.server.store.PhoneStore;
import org.cometserver.server.store.StoredPhone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The phones in rooms, by the call's channel uuid: calls dialled into a room (the originate's {@code +OK <uuid>},
 * which is the conference member's uuid: the originated channel itself runs {@code &conference}) and PIN callers
 * (the uuid of the channel whose PIN the dial-in lookup answered). FreeSWITCH reports such a member under the
 * phone's caller id, which names no user; this map lists it under the user_id of the row or page that dialled it
 * (0 for a PIN caller), so that {@code DELETE … WHERE user_id = N} kicks it, with {@code kind = phone} and its
 * number. With several nodes ({@link #shareThrough}) each entry is told to every node ({@link Control.PhoneInRoom}),
 * so that all of them list the phone as the node that dialled it or let it in does. Kept in the store
 * ({@link #keepIn}: {@code conference_phones}, written on the store's executor, the cluster's shared database), so
 * that a node restarted, or started later, lists a phone that joined before it the same way.
 */
final class DialledMembers {
    private static final Logger log = LoggerFactory.getLogger(DialledMembers.class);
    /** How long an entry waits for its member to show up in the registry before it may be dropped. */
    private static final Duration JOIN_GRACE = Duration.ofMinutes(1);
    /** Bound: entries live at most JOIN_GRACE unless their member is live; this caps a flood of PIN lookups. */
    private static final int MAX_ENTRIES = 100_000;
    /** {@code conference_phones.number}: a caller id longer than this (never seen) is kept cut. */
    private static final int MAX_STORED_NUMBER = 255;

    /** A phone in a room: the user it is listed under and its number. */
    record Phone(long userId, String number) {
    }

    private record Dialled(Phone phone, Instant at) {
    }

    private final Map<String, Dialled> byUuid = new ConcurrentHashMap<>();
    private final Clock clock;
    /** Null on a single node. */
    private volatile Broker shared;
    /** Null until {@link #keepIn}. */
    private volatile PhoneStore store;
    private volatile Executor storeExecutor;

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
     * Loads the phones the store keeps, the newest within the bound (blocks: call at start, before the bridge's first
     * events), and keeps this node's from now on: written, and removed once gone, on {@code executor}. A loaded
     * entry's grace period starts now, so that FreeSWITCH has time to list its member before it may be forgotten.
     */
    void keepIn(PhoneStore phones, Executor executor) {
        Instant now = clock.instant();
        for (StoredPhone phone : phones.newest(MAX_ENTRIES)) {
            byUuid.putIfAbsent(phone.uuid(), new Dialled(new Phone(phone.userId(), phone.number()), now));
        }
        this.storeExecutor = executor;
        this.store = phones;
        if (!byUuid.isEmpty()) {
            log.info("{} phones in rooms loaded from the store", byUuid.size());
        }
    }

    /**
     * A phone joins (or is about to join) a room on channel {@code uuid}: this node dialled it or let it in. False
     * when the map is full.
     */
    boolean dialled(String uuid, long userId, String number) {
        String known = number == null ? "" : number;
        Dialled before = byUuid.get(uuid);
        if (!put(uuid, userId, known)) {
            return false;
        }
        PhoneStore phones = store;
        // a loopback call is told once before the originate and again at its answer: stored once
        if (phones != null && (before == null || !before.phone().equals(new Phone(userId, known)))) {
            StoredPhone row = new StoredPhone(uuid, userId, known.length() > MAX_STORED_NUMBER
                    ? known.substring(0, MAX_STORED_NUMBER) : known, clock.instant().getEpochSecond());
            StoreTasks.run(storeExecutor, log, "storing phone " + uuid, () -> phones.put(row));
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

    /**
     * Forgets the calls that have left (older than the grace period and no longer a member anywhere), here and in the
     * store. Nothing is forgotten while FreeSWITCH lists no conference at all: that is also how a bridge not synced
     * yet looks.
     */
    void forgetGone(ConferenceSnapshot snapshot) {
        if (byUuid.isEmpty() || snapshot.conferences().isEmpty()) {
            return;
        }
        Set<String> live = new HashSet<>();
        snapshot.conferences().forEach(c -> c.members().forEach(m -> live.add(m.uuid())));
        Instant cutoff = clock.instant().minus(JOIN_GRACE);
        List<String> gone = new ArrayList<>();
        byUuid.entrySet().removeIf(e -> {
            boolean left = !live.contains(e.getKey()) && e.getValue().at().isBefore(cutoff);
            if (left) {
                gone.add(e.getKey());
            }
            return left;
        });
        PhoneStore phones = store;
        if (phones != null && !gone.isEmpty()) {
            StoreTasks.run(storeExecutor, log, "removing " + gone.size() + " phones from the store",
                    () -> phones.delete(gone));
        }
    }
}
