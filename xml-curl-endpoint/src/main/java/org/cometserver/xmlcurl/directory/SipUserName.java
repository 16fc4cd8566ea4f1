package org.cometserver.xmlcurl.directory;

import java.util.Optional;

/**
 * A SIP user name in CppComet's format: the dev_id zero-padded to six digits followed by the user id, e.g. dev 0,
 * user 12 → {@code 00000012} (docs/CPPCOMET.md §4.4, §4.6: what cometVideoApi.js registers with).
 *
 * @param devId  0 … 999999
 * @param userId 1 … 999999999, or a guest's ten-digit id (comet-server's GuestIds, 1000000000 … 1999999999)
 */
public record SipUserName(int devId, long userId) {
    // CppComet: §4.4, the first six digits are the dev_id, at most nine digits of user id follow
    private static final int DEV_DIGITS = 6;
    private static final int MAX_USER_DIGITS = 9;
    /** Guests' ids have ten digits, the first a 1: no CppComet user has such a SIP name. */
    private static final int GUEST_DIGITS = 10;

    /**
     * Reads a user name; empty unless it is exactly six digits and a user id of one to nine digits without leading
     * zero, or a guest's ten-digit id starting with 1. CppComet: only the length was checked (≥ 7) and the digits converted as far as they went, so
     * {@code 000000abc} or {@code 0000000005} named user 0 or 5; here such names are unknown users, so that one user
     * has one SIP name.
     */
    public static Optional<SipUserName> parse(String text) {
        int length = text.length();
        if (length <= DEV_DIGITS || text.charAt(DEV_DIGITS) == '0') {
            return Optional.empty();
        }
        boolean guest = length == DEV_DIGITS + GUEST_DIGITS && text.charAt(DEV_DIGITS) == '1';
        if (length > DEV_DIGITS + MAX_USER_DIGITS && !guest) {
            return Optional.empty();
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(new SipUserName(Integer.parseInt(text.substring(0, DEV_DIGITS)),
                Long.parseLong(text.substring(DEV_DIGITS))));
    }

    /** The name as FreeSWITCH and the browser spell it. */
    @Override
    public String toString() {
        return String.format("%06d%d", devId, userId);
    }
}
