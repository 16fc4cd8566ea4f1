package org.cometserver.cometql.spi;

import java.util.Collection;
import java.util.List;

/** {@code conference_guests}: one-time passes that let a person without a {@code users_auth} entry join one room. */
public interface GuestBackend {

    /**
     * Creates an unused pass for room {@code name}, valid {@code ttlSeconds}, with this token (null: a random one).
     * Throws {@link org.cometserver.cometql.error.CometQlException} for bad values or a token already in use.
     */
    GuestPass create(int devId, String name, String displayName, long ttlSeconds, String token);

    List<GuestPass> byNames(int devId, Collection<String> names);

    List<GuestPass> byGuestIds(int devId, Collection<Long> guestIds);

    List<GuestPass> byTokens(int devId, Collection<String> tokens);

    List<GuestPass> all(int devId, int limit);

    /** Revokes passes (an expired or revoked guest's SIP name stops working at once). Returns the passes removed. */
    int revoke(int devId, Collection<Long> guestIds);

    /**
     * A {@code conference_guests} row.
     *
     * @param guestId the user id the guest gets (a reserved range, never a {@code users_auth} id)
     * @param used    unix seconds when a browser redeemed the pass, 0 while unused
     */
    record GuestPass(String name, long guestId, String displayName, String token, long created, long expires,
                     long used) {
    }
}
