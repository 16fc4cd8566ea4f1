package org.cometserver.server.wiring;

import java.util.List;

/**
 * Splits a FreeSWITCH conference name {@code <dev_id>*<room>-<domain>} into the comet room it stands for.
 * <p>
 * The domain is whatever FreeSWITCH's dialplan appended: {@code $${domain}} in freeswitch-conf (the domain FreeSWITCH
 * reports), {@code ${domain_name}} in CppComet's dialplan (the host the browser dialled, lower-cased by JsSIP: recording
 * 07d has {@code 0*3000-fsdefaultdomain}). Known domains are therefore matched case-insensitively, and room names may
 * contain {@code -}: a known domain is cut off whole, and only an unknown one is split at the last {@code -}.
 */
final class ConferenceName {

    /** Either a room or the reason the conference is not one of ours. */
    record Parsed(FreeswitchRooms.Room room, String reason) {
    }

    private static final int MAX_DEV_DIGITS = 9;

    private ConferenceName() {
    }

    /**
     * @param domains   domains that end this node's conference names, most likely first (null or empty ones skipped)
     * @param anyDomain true to accept another domain as well (split at the last {@code -})
     */
    static Parsed parse(String conference, List<String> domains, boolean anyDomain) {
        int star = conference.indexOf('*');
        if (star < 1 || star > MAX_DEV_DIGITS || !conference.substring(0, star).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Parsed(null, "not <dev_id>*<room>-<domain> (no dev_id before '*')");
        }
        int devId = Integer.parseInt(conference.substring(0, star));
        String rest = conference.substring(star + 1);
        for (String domain : domains) {
            if (domain == null || domain.isEmpty()) {
                continue;
            }
            int cut = rest.length() - domain.length() - 1;
            if (cut > 0 && rest.charAt(cut) == '-'
                    && rest.regionMatches(true, cut + 1, domain, 0, domain.length())) {
                return new Parsed(new FreeswitchRooms.Room(devId, rest.substring(0, cut)), null);
            }
        }
        if (!anyDomain) {
            return new Parsed(null, "its domain is not " + domains + " (Domain= of its [sip] freeswitch entry)");
        }
        // CppComet: any <dev>*<room>-<domain> was a room, whatever the domain.
        int dash = rest.lastIndexOf('-');
        if (dash < 1 || dash == rest.length() - 1) {
            return new Parsed(null, "not <dev_id>*<room>-<domain> (no -<domain> after the room)");
        }
        return new Parsed(new FreeswitchRooms.Room(devId, rest.substring(0, dash)), null);
    }
}
