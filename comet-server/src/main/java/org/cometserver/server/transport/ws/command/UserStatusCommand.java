package org.cometserver.server.transport.ws.command;

import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.List;

/**
 * {@code user_status\n<user_id>}: how long the user has been offline, on {@code _answer_user_status}
 * (docs/CPPCOMET.md §3.4): 0 while online, -1 when never seen, else seconds since his last disconnect.
 */
final class UserStatusCommand implements WsCommand {
    private static final int MAX_DIGITS = 18;

    @Override
    public void execute(WsSession session, String args) {
        long userId = userId(ChannelNames.line(args, 0));
        if (userId < 0) {
            session.write(WsFrames.error("Invalid user_id", session.services().now()));
            return;
        }
        int devId = session.devId();
        session.offLoop(() -> session.services().users().lastOnlineTimes(devId, List.of(userId)).get(userId),
                time -> {
                    long now = session.services().now();
                    long offlineFor = time == null ? -1 : time <= 0 ? time : now - time;
                    session.write(WsFrames.userStatus(userId, offlineFor, now));
                });
    }

    /** A decimal user id, -1 when {@code text} is not one. */
    static long userId(String text) {
        String digits = text.strip();
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
