package org.cometserver.server.transport.ws.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.calls.ParticipantCalls;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conference_ice_failed\n{"room":"<conference name>"}} (docs/CONFERENCES.md "ICE failures"): the page's
 * conference leg failed ICE again after its one ICE restart; the room's pages get {@code ICE_FAILED} on its call pipe.
 * Refusals (unauthorised, not in the room, malformed) are an error frame to this connection.
 */
final class IceFailedCommand implements WsCommand {
    private static final int MAX_ARGS = 512;
    private static final String USAGE = "conference_ice_failed expects {\"room\":\"<name>\"}";

    @Override
    public void execute(WsSession session, String args) {
        ParticipantCalls calls = session.services().participants();
        Optional<JsonNode> request = RoomCommandArgs.read(session, calls, "Conferences are not available on this server",
                "ICE reports need an authorized connection (user id and hash or JWT)", args, MAX_ARGS, List.of("room"),
                USAGE);
        if (request.isEmpty()) {
            return;
        }
        String room = request.get().get("room").asText();
        int devId = session.devId();
        long userId = session.userId();
        session.offLoop(() -> calls.iceFailed(devId, userId, room), refusal -> refusal.ifPresent(text ->
                session.write(WsFrames.error(text, Map.of("room", room), session.services().now()))));
    }
}
