package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.ConferenceBackend.Member;
import org.cometserver.server.calls.RoomMembers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A room's live members for a page that joins it, from the bridge's registry (the rows of {@code conference_members}),
 * in the shape of the room's {@code joined}/{@code changed} notices plus {@code kind} and {@code number}.
 */
final class RoomMemberList implements RoomMembers {
    private final RoomAccess access;

    RoomMemberList(RoomAccess access) {
        this.access = access;
    }

    @Override
    public Optional<List<Map<String, Object>>> members(int devId, long userId, String room) {
        if (!access.inRoom(devId, userId, room)) {
            return Optional.empty();
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Member member : access.members(devId, room)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("user_id", member.userId());
            data.put("member_id", Integer.parseInt(member.memberId()));
            data.put("kind", member.kind());
            data.put("number", member.number());
            data.put("muted", member.muted());
            data.put("deaf", member.deaf());
            data.put("talking", member.talking());
            data.put("video", member.video());
            data.put("vmuted", member.videoMuted());
            data.put("node", member.node());
            list.add(data);
        }
        return Optional.of(list);
    }
}
