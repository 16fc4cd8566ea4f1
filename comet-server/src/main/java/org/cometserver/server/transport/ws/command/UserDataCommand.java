package org.cometserver.server.transport.ws.command;

import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.List;

/**
 * {@code user_data\n<marker>\n<user_id>}: a user's {@code users_data} text on {@code _answer}; any connection may read
 * any user's data, as in CppComet (docs/CPPCOMET.md §3.4).
 */
final class UserDataCommand implements WsCommand {

    @Override
    public void execute(WsSession session, String args) {
        String marker = ChannelNames.line(args, 0);
        long userId = UserStatusCommand.userId(ChannelNames.line(args, 1));
        if (userId < 0) {
            session.write(WsFrames.error("Invalid user_id", session.services().now()));
            return;
        }
        int devId = session.devId();
        session.offLoop(() -> session.services().users().userData(devId, List.of(userId)).getOrDefault(userId, ""),
                data -> session.write(WsFrames.userData(userId, data, marker, session.services().now())));
    }
}
