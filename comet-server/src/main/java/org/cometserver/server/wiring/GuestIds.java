package org.cometserver.server.wiring;

/**
 * The user ids guests get: {@code 1000000000 + n}, ten digits, above every id a CppComet SIP name can carry (nine
 * digits, docs/CPPCOMET.md §4.4), so a guest's SIP name {@code <dev 6 digits>1xxxxxxxxx} never names a
 * {@code users_auth} user; {@code users_auth} refuses ids of this range (docs/COMPATIBILITY.md).
 */
public final class GuestIds {
    public static final long FIRST = 1_000_000_000L;
    public static final long LAST = 1_999_999_999L;

    private GuestIds() {
    }

    public static boolean isGuest(long userId) {
        return userId >= FIRST && userId <= LAST;
    }

    /** The guest id of the store's pass number {@code seq} (1, 2, …). */
    static long ofSeq(long seq) {
        return FIRST + seq;
    }

    static long seqOf(long guestId) {
        return guestId - FIRST;
    }
}
