package org.cometserver.server.wiring;

import org.cometserver.esl.conference.ConferenceSnapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user a dialled call joined a room for, by the call's channel uuid (the originate's {@code +OK <uuid>}, which
 * is the conference member's uuid: the originated channel itself runs {@code &conference}). FreeSWITCH reports a
 * dialled member under the callee's caller id, which names no user; this map lists it under the row's user_id, so
 * that {@code DELETE … WHERE user_id = N} kicks it. Lost on restart: a call dialled before it is listed as user 0.
 */
final class DialledMembers {
    /** How long an entry waits for its member to show up in the registry before it may be dropped. */
    private static final Duration JOIN_GRACE = Duration.ofMinutes(1);

    private record Dialled(long userId, Instant at) {
    }

    private final Map<String, Dialled> byUuid = new ConcurrentHashMap<>();
    private final Clock clock;

    DialledMembers(Clock clock) {
        this.clock = clock;
    }

    void dialled(String uuid, long userId) {
        byUuid.put(uuid, new Dialled(userId, clock.instant()));
    }

    OptionalLong userId(String uuid) {
        Dialled dialled = byUuid.get(uuid);
        return dialled == null ? OptionalLong.empty() : OptionalLong.of(dialled.userId());
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
