package org.cometserver.server.transport.ws.command;

import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code track_pipe_users\n<track_pipe>\n<marker>}: who is subscribed to a {@code track_*} channel, as
 * {@code {user_id, uuid}} pairs on {@code _answer} (docs/CPPCOMET.md §3.4): presence lists them from every node.
 */
final class TrackPipeUsersCommand implements WsCommand {

    @Override
    public void execute(WsSession session, String args) {
        long now = session.services().now();
        String pipe = ChannelNames.line(args, 0);
        String marker = ChannelNames.line(args, 1);
        if (!pipe.startsWith(SubscriptionCommand.TRACK_PREFIX) || !ChannelNames.isValid(pipe)) {
            session.write(WsFrames.error(
                    "[track_pipe_users] Invalid channel name. The channel should start with track_",
                    Map.of("user_id", -1), now));
            return;
        }
        session.whenDone(session.services().presence().members(session.devId(), pipe), members -> {
            List<Map<String, Object>> users = new ArrayList<>(members.size());
            for (ClientInfo member : members) {
                users.add(Map.of("user_id", member.userId(), "uuid", member.uuid()));
            }
            session.write(WsFrames.trackPipeUsers(users, marker, session.services().now()));
        });
    }
}
