package org.cometserver.server.wiring;

import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How comet rooms and users appear in FreeSWITCH (cppcomet-protocol.md §4.3): a room {@code name} of dev_id {@code d}
 * is the conference {@code <d>*<name>-<domain>} on its node, and a member's caller ID name (or number) is the
 * directory user {@code <d padded to 6 digits><user id>}.
 */
final class FreeswitchRooms {
    /** A FreeSWITCH conference read back as a comet room. */
    record Room(int devId, String name) {
    }

    private static final int DEV_DIGITS = 6;

    private final Map<String, FreeswitchNode> nodes = new HashMap<>();

    FreeswitchRooms(SipSection sip) {
        sip.freeswitch().forEach(node -> nodes.put(node.name(), node));
    }

    /** The FreeSWITCH conference name of a room on {@code node}. */
    static String conferenceName(FreeswitchNode node, int devId, String room) {
        return devId + "*" + room + "-" + node.domain();
    }

    /** The room a conference of {@code node} is, or null when it is not one of ours. */
    Room room(String node, String conference) {
        FreeswitchNode config = nodes.get(node);
        String suffix = config == null ? null : "-" + config.domain();
        int star = conference.indexOf('*');
        if (suffix == null || star < 1 || star > 9 || !conference.endsWith(suffix)
                || conference.length() <= star + 1 + suffix.length()) {
            return null;
        }
        String dev = conference.substring(0, star);
        if (!dev.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new Room(Integer.parseInt(dev), conference.substring(star + 1, conference.length() - suffix.length()));
    }

    /** The user id of a member whose caller ID names a directory user of {@code devId}; empty otherwise. */
    static OptionalLong userId(int devId, String... callerIds) {
        for (String id : callerIds) {
            if (id != null && id.length() > DEV_DIGITS && id.length() <= DEV_DIGITS + 9
                    && id.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(id.substring(0, DEV_DIGITS)) == devId) {
                return OptionalLong.of(Long.parseLong(id.substring(DEV_DIGITS)));
            }
        }
        return OptionalLong.empty();
    }

    /** The directory user name of a user: dev_id padded to 6 digits, then the user id. */
    static String directoryUser(int devId, long userId) {
        return String.format("%06d%d", devId, userId);
    }

    List<FreeswitchNode> nodes() {
        return List.copyOf(nodes.values());
    }
}
