package org.cometserver.server.transport.ws.command;

import org.cometserver.server.hub.Transport;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code track_pipe_users\n<track_pipe>\n<marker>}: who is subscribed to a {@code track_*} channel, as
 * {@code {user_id, uuid}} pairs on {@code _answer} (docs/CPPCOMET.md §3.4).
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
        List<Map<String, Object>> users = new ArrayList<>();
        for (Transport subscriber : session.services().hub().subscribers(session.devId(), pipe)) {
            users.add(Map.of("user_id", subscriber.userId(), "uuid", subscriber.uuid()));
        }
        session.write(WsFrames.trackPipeUsers(users, marker, now));
    }
}
