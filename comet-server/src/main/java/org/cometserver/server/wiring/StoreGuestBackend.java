package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.GuestBackend;
import org.cometserver.server.store.GuestStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * {@code conference_guests} over the store: passes carry a random 128-bit URL-safe token; the guest id is
 * {@link GuestIds#ofSeq} of the row's sequence number. Runs on the CometQL executor.
 */
final class StoreGuestBackend implements GuestBackend {
    /** Longest pass: a week. */
    static final long MAX_TTL = 7 * 24 * 3600L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GuestStore store;
    private final Clock clock;

    StoreGuestBackend(GuestStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A random secret of 128 bits, URL-safe Base64 without padding (22 characters). */
    static String secret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public GuestPass create(int devId, String name, String displayName, long ttlSeconds, String token) {
        if (ttlSeconds <= 0 || ttlSeconds > MAX_TTL) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "ttl must be 1 to " + MAX_TTL + " seconds");
        }
        if (token != null && store.byToken(token).isPresent()) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "This token is already a guest pass");
        }
        long now = clock.instant().getEpochSecond();
        org.cometserver.server.store.GuestPass created = store.create(devId, name, displayName,
                token == null ? secret() : token, now, now + ttlSeconds);
        if (!GuestIds.isGuest(GuestIds.ofSeq(created.seq()))) {
            // a billion passes since the table was created: the range is used up
            store.delete(devId, List.of(created.seq()));
            throw new CometQlException(CometQlErrors.INTERNAL, "guest ids are used up (conference_guests sequence "
                    + created.seq() + ")");
        }
        return toPass(created);
    }

    @Override
    public List<GuestPass> byNames(int devId, Collection<String> names) {
        return store.byNames(devId, names).stream().map(StoreGuestBackend::toPass).toList();
    }

    @Override
    public List<GuestPass> byGuestIds(int devId, Collection<Long> guestIds) {
        return store.bySeqs(devId, seqs(guestIds)).stream().map(StoreGuestBackend::toPass).toList();
    }

    @Override
    public List<GuestPass> byTokens(int devId, Collection<String> tokens) {
        return store.byTokens(devId, tokens).stream().map(StoreGuestBackend::toPass).toList();
    }

    @Override
    public List<GuestPass> all(int devId, int limit) {
        return store.all(devId, limit).stream().map(StoreGuestBackend::toPass).toList();
    }

    @Override
    public int revoke(int devId, Collection<Long> guestIds) {
        return store.delete(devId, seqs(guestIds));
    }

    private static List<Long> seqs(Collection<Long> guestIds) {
        return guestIds.stream().filter(GuestIds::isGuest).map(GuestIds::seqOf).toList();
    }

    static GuestPass toPass(org.cometserver.server.store.GuestPass p) {
        return new GuestPass(p.name(), GuestIds.ofSeq(p.seq()), p.displayName(), p.token(), p.created(), p.expires(),
                p.used());
    }
}
