package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@code conference_guests}: one-time guest passes for one room each. */
public interface GuestStore {

    /** Stores a new unused pass ({@code seq}, {@code used}, {@code sipPassword} ignored) and returns it as stored. */
    GuestPass create(int devId, String name, String displayName, String token, long created, long expires);

    List<GuestPass> byNames(int devId, Collection<String> names);

    List<GuestPass> bySeqs(int devId, Collection<Long> seqs);

    List<GuestPass> byTokens(int devId, Collection<String> tokens);

    List<GuestPass> all(int devId, int limit);

    /** The pass of this token whatever its dev_id (a browser presents only the token). */
    Optional<GuestPass> byToken(String token);

    /**
     * Marks an unused, unexpired pass used at {@code now} with this SIP password, atomically: of two browsers
     * presenting the same token only one gets the pass. Empty when the token is unknown, used or expired.
     */
    Optional<GuestPass> redeem(String token, String sipPassword, long now);

    int delete(int devId, Collection<Long> seqs);

    /** Removes passes that expired before {@code now}; returns how many. */
    int purgeExpired(long now);
}
