package org.cometserver.server.store;

/**
 * A {@code conference_guests} row: a one-time pass that lets a person without a {@code users_auth} entry join room
 * {@code name} of {@code devId} from a browser (docs/GUESTS.md).
 *
 * @param seq         the store's sequence number; the guest's user id is derived from it (GuestIds)
 * @param token       what the backend hands the guest (random, URL-safe)
 * @param created     unix seconds
 * @param expires     unix seconds; the pass and the SIP credentials end then
 * @param used        unix seconds when a browser redeemed it, 0 while unused
 * @param sipPassword the SIP password the redeeming browser got; empty while unused
 */
public record GuestPass(long seq, int devId, String name, String displayName, String token, long created,
                        long expires, long used, String sipPassword) {

    /** Whether the SIP credentials of this pass work at {@code now}: redeemed and not expired. */
    public boolean activeAt(long now) {
        return used > 0 && now < expires;
    }
}
