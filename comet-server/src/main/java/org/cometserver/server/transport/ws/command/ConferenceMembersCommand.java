package org.cometserver.server.transport.ws.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.calls.RoomMembers;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conference_members\n{"room":"<conference name>"}} (docs/CONFERENCES.md "What every participant sees"): an
 * authorised page that joins a room asks for its full member list once; the answer goes to this connection only,
 * {@code {"pipe":"sys","event":"conference_members","data":{"room":…,"members":[…]}}}. A user that is neither invited
 * to the room nor in it, malformed JSON, or an unauthorised connection get an error frame with {@code room}.
 */
final class ConferenceMembersCommand implements WsCommand {
    private static final int MAX_ARGS = 512;
    private static final String USAGE = "conference_members expects {\"room\":\"<name>\"}";

    @Override
    public void execute(WsSession session, String args) {
        RoomMembers rooms = session.services().roomMembers();
        Optional<JsonNode> request = RoomCommandArgs.read(session, rooms, "Conferences are not available on this server",
                "The member list needs an authorized connection (user id and hash or JWT)", args, MAX_ARGS,
                List.of("room"), USAGE);
        if (request.isEmpty()) {
            return;
        }
        String room = request.get().get("room").asText();
        int devId = session.devId();
        long userId = session.userId();
        session.offLoop(() -> rooms.members(devId, userId, room), members -> {
            if (members.isEmpty()) {
                session.write(WsFrames.error("Only a member or invitee of the room may list its members",
                        Map.of("room", room), session.services().now()));
                return;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("room", room);
            data.put("members", members.get());
            session.write(CometFrames.sorted(Map.of("data", data, "event", "conference_members",
                    "message_send_time", session.services().now(), "pipe", "sys")));
        });
    }
}
