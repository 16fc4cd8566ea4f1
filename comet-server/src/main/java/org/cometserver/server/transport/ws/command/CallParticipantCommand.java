package org.cometserver.server.transport.ws.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.calls.ParticipantCalls;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code call_participant\n{"room":"<conference name>","number":"<phone number>"}} (docs/CONFERENCES.md "Phones"):
 * an authorised page asks for a phone to be called into its room. The room's web participants follow the call on the
 * room's call pipe; a refusal (not authorised, not a member or invitee of the room, the room does not allow dialling,
 * a number that is not {@code +} and 3 to 15 digits, malformed JSON) is an error frame with {@code room} and
 * {@code number} to this connection only.
 */
final class CallParticipantCommand implements WsCommand {
    private static final int MAX_ARGS = 1024;

    @Override
    public void execute(WsSession session, String args) {
        ParticipantCalls calls = session.services().participants();
        Optional<JsonNode> request = RoomCommandArgs.read(session, calls,
                "Conference calls are not available on this server",
                "Calling participants needs an authorized connection (user id and hash or JWT)", args, MAX_ARGS,
                List.of("room", "number"), "call_participant expects {\"room\":\"<name>\",\"number\":\"<number>\"}");
        if (request.isEmpty()) {
            return;
        }
        String room = request.get().get("room").asText();
        String number = request.get().get("number").asText();
        int devId = session.devId();
        long userId = session.userId();
        session.offLoop(() -> calls.callParticipant(devId, userId, room, number),
                refusal -> refusal.ifPresent(text -> refuse(session, text, room, number)));
    }

    private static void refuse(WsSession session, String text, String room, String number) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!room.isEmpty()) {
            extra.put("room", room);
        }
        if (!number.isEmpty()) {
            extra.put("number", number);
        }
        session.write(WsFrames.error(text, extra, session.services().now()));
    }
}
