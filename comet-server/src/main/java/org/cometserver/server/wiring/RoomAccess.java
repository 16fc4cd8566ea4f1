package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.ConferenceBackend.Member;
import org.cometserver.server.store.ConferenceStore;

import java.util.List;

/**
 * Who may act in a room from a page: a user invited to it ({@code conference} row) or a web member of it. Reads the
 * store: call it off event loops.
 */
final class RoomAccess {
    private final FreeswitchConferenceBackend conferences;
    private final ConferenceStore invitations;

    RoomAccess(FreeswitchConferenceBackend conferences, ConferenceStore invitations) {
        this.conferences = conferences;
        this.invitations = invitations;
    }

    boolean inRoom(int devId, long userId, String room) {
        if (invitations.get(devId, List.of(room)).stream().anyMatch(i -> i.userId() == userId)) {
            return true;
        }
        return members(devId, room).stream()
                .anyMatch(member -> member.userId() == userId && MemberKinds.WEB.equals(member.kind()));
    }

    List<Member> members(int devId, String room) {
        return conferences.members(devId, List.of(room));
    }
}
