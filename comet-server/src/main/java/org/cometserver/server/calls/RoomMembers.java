package org.cometserver.server.calls;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full member list of a conference room for a page that joins it (docs/CONFERENCES.md "What every participant
 * sees"): the page asks once, then follows the room's {@code joined}/{@code left}/{@code talking}/{@code changed}
 * notices on its call pipe.
 */
public interface RoomMembers {

    /**
     * The live members of {@code room} as the notices describe them ({@code user_id, member_id, kind, number, muted,
     * deaf, talking, video, vmuted, node}), for a user invited to it or in it. Reads the store: call it off event loops.
     *
     * @return empty when the user may not see the room
     */
    Optional<List<Map<String, Object>>> members(int devId, long userId, String room);
}
