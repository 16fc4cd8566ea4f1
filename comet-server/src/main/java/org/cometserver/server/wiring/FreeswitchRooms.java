package org.cometserver.server.wiring;

import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * How comet rooms and users appear in FreeSWITCH (docs/CPPCOMET.md §4.3): a room {@code name} of dev_id {@code d}
 * is the conference {@code <d>*<name>-<domain>} on its node, and a member's caller ID name (or number) is the
 * directory user {@code <d padded to 6 digits><user id>}.
 * <p>
 * The domain of a node is its {@code Domain=} when the {@code [sip] freeswitch} entry gives one (then only that domain
 * is ours), else the {@code $${domain}} FreeSWITCH reported over the event socket. CppComet 4.09 had no {@code Domain=}
 * and took any domain; a node without one still does, so that a stock FreeSWITCH (whose {@code $${domain}} is its IP
 * address) or CppComet's {@code ${domain_name}} dialplan (the host the browser dialled) works unchanged.
 */
final class FreeswitchRooms {
    /** A FreeSWITCH conference read back as a comet room. */
    record Room(int devId, String name) {
    }

    private static final int DEV_DIGITS = 6;

    private final Map<String, FreeswitchNode> nodes = new HashMap<>();
    private final Function<String, Optional<String>> reportedDomain;

    /** @param reportedDomain node name → the {@code $${domain}} FreeSWITCH reported (the bridge's {@code domain}) */
    FreeswitchRooms(SipSection sip, Function<String, Optional<String>> reportedDomain) {
        sip.freeswitch().forEach(node -> nodes.put(node.name(), node));
        this.reportedDomain = reportedDomain;
    }

    /**
     * The FreeSWITCH conference name of a room on {@code node}, with the domain FreeSWITCH expects; empty when the node
     * has no {@code Domain=} and has not reported one yet (it never came UP, so nothing can be sent to it anyway).
     */
    Optional<String> conferenceName(FreeswitchNode node, int devId, String room) {
        return domain(node).map(domain -> devId + "*" + room + "-" + domain);
    }

    /** The domain this server puts into the node's conference names: {@code Domain=}, else the reported one. */
    Optional<String> domain(FreeswitchNode node) {
        return node.domain() != null ? Optional.of(node.domain()) : reportedDomain.apply(node.name());
    }

    /**
     * The domain FreeSWITCH reported when it differs from the node's {@code Domain=}: conferences its own dialplan
     * creates with {@code $${domain}} are then not ours. Empty when they agree or either is unknown.
     */
    Optional<String> conflictingDomain(String node) {
        FreeswitchNode config = nodes.get(node);
        if (config == null || config.domain() == null) {
            return Optional.empty();
        }
        return reportedDomain.apply(node).filter(reported -> !reported.equalsIgnoreCase(config.domain()));
    }

    /** The room a conference of {@code node} is, or null when it is not one of ours. */
    Room room(String node, String conference) {
        return parse(node, conference).room();
    }

    /** The room, or why the conference is not one of ours. */
    ConferenceName.Parsed parse(String node, String conference) {
        FreeswitchNode config = nodes.get(node);
        if (config == null) {
            return new ConferenceName.Parsed(null, "unknown node");
        }
        if (config.domain() != null) {
            return ConferenceName.parse(conference, List.of(config.domain()), false);
        }
        // The names the dialplans can append, most likely first: $${domain}, then the host browsers dial.
        List<String> likely = new ArrayList<>(3);
        reportedDomain.apply(node).ifPresent(likely::add);
        likely.add(config.wsHost());
        likely.add(config.server());
        return ConferenceName.parse(conference, likely, true);
    }

    /**
     * The user id of a member whose caller ID names a directory user of {@code devId} (nine digits at most, or a
     * guest's ten starting with 1, {@link GuestIds}); empty otherwise.
     */
    static OptionalLong userId(int devId, String... callerIds) {
        for (String id : callerIds) {
            if (id != null && id.length() > DEV_DIGITS && (id.length() <= DEV_DIGITS + 9
                    || id.length() == DEV_DIGITS + 10 && id.charAt(DEV_DIGITS) == '1')
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
