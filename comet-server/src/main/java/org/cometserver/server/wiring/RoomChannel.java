package org.cometserver.server.wiring;

import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.store.ConferenceStore;
import org.cometserver.server.store.StoredInvitation;
import org.cometserver.server.wiring.FreeswitchRooms.Room;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's signalling channel: the {@code callPipe} of its invitations (docs/CPPCOMET.md §4.2), derived from the room,
 * the profile its invitations named and the node it runs on. The one place that publishes room notices to pages
 * ({@code joined}/{@code left}/{@code talking}/{@code changed} from {@link ConferenceNotices}, {@code CONFERENCE_ENDED}
 * and {@code CONFERENCE_ENDING} from {@link RoomEnds}); data is JSON text as a channel message's. Reads the room's
 * profile from the store (cached): call it off event loops, one caller at a time (the bridge's callback executor).
 */
final class RoomChannel {
    private static final int MAX_CACHED_PROFILES = 10_000;

    private final SipSection sip;
    private final Map<String, FreeswitchNode> nodes = new LinkedHashMap<>();
    private final ConferenceStore invitations;
    private final Publisher publisher;
    /** Room → profile, so talking notices do not each read the store. */
    private final Map<Room, String> profiles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Room, String> eldest) {
            return size() > MAX_CACHED_PROFILES;
        }
    };

    RoomChannel(SipSection sip, ConferenceStore invitations, Publisher publisher) {
        this.sip = sip;
        sip.freeswitch().forEach(node -> nodes.put(node.name(), node));
        this.invitations = invitations;
        this.publisher = publisher;
    }

    boolean knowsNode(String node) {
        return nodes.containsKey(node);
    }

    /** Publishes {@code event} with {@code data} (as sorted JSON text) on the room's call pipe; false for an unknown node. */
    synchronized boolean publish(Room room, String node, String event, Map<String, Object> data) {
        FreeswitchNode n = nodes.get(node);
        if (n == null) {
            return false;
        }
        String callPipe = CallPipe.derive(CallPipe.sipNumber(room.devId(), room.name(), profile(room)), n.wsHost(),
                n.wsPort(), room.devId(), sip.pipesalt());
        publisher.publish(room.devId(), callPipe, event, CometFrames.sortedJson(data));
        return true;
    }

    /** The profile the room's invitations named (it is part of the call pipe); {@code default} without one. */
    private String profile(Room room) {
        String known = profiles.get(room);
        if (known != null) {
            return known;
        }
        List<StoredInvitation> stored = invitations.get(room.devId(), List.of(room.name()));
        if (stored.isEmpty()) {
            // not remembered: a notice published before the room's first invitation must not fix its pipe for good
            return "default";
        }
        profiles.put(room, stored.get(0).profile());
        return stored.get(0).profile();
    }
}
