package org.cometserver.server.transport.ws.command;

import org.cometserver.server.broker.Publication;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.List;

/**
 * {@code pipe_log\n<pipe>\n<marker>\n}: the channel's stored history, oldest first, to this connection only
 * (docs/CPPCOMET.md §3.4, §3.7). Entries carry {@code fromQueue:true} and the stored sender id as in CppComet,
 * plus {@code history:true}, which CppComet's docs promised but 4.09 never sent. The marker is checked but not echoed
 * ({@link WsFrames#historyMessage}). A channel the connection may not subscribe to is refused as the subscription is
 * (CppComet sent its log to anyone).
 */
final class PipeLogCommand implements WsCommand {
    /** CppComet: at most 99 entries are sent. */
    static final int MAX_ENTRIES = 99;

    @Override
    public void execute(WsSession session, String args) {
        long now = session.services().now();
        String pipe = ChannelNames.line(args, 0);
        String marker = ChannelNames.line(args, 1);
        if (!ChannelNames.isValid(pipe)) {
            session.write(WsFrames.error("Invalid channel name.", now));
            return;
        }
        if (!marker.isEmpty() && !ChannelNames.isValid(marker)) {
            session.write(WsFrames.error("Invalid marker value.", now));
            return;
        }
        if (SubscriptionCommand.refuses(session, pipe, now)) {
            return;
        }
        int devId = session.devId();
        session.onLoop(session.services().publisher().broker().history(devId, List.of(pipe), MAX_ENTRIES),
                publications -> {
                    for (Publication p : publications) {
                        session.write(WsFrames.historyMessage(pipe, p.event(), p.data(), p.time(), p.storedUserId()));
                    }
                },
                failure -> session.write(WsFrames.error("Internal error", session.services().now())));
    }
}
