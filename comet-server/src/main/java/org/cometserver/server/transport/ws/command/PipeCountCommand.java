package org.cometserver.server.transport.ws.command;

import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.List;
import java.util.Map;

/**
 * {@code pipe_count\n<pipe>\n<marker>\n}: the subscriber count of a {@code web_*} or {@code track_*} channel, answered
 * on {@code _answer_pipe_count} (docs/CPPCOMET.md §3.4): presence counts it on every node, answered when it replies.
 */
final class PipeCountCommand implements WsCommand {

    @Override
    public void execute(WsSession session, String args) {
        long now = session.services().now();
        String pipe = ChannelNames.line(args, 0);
        String marker = ChannelNames.line(args, 1);
        boolean counted = pipe.startsWith(WebPipeCommand.WEB_PREFIX)
                || pipe.startsWith(SubscriptionCommand.TRACK_PREFIX);
        if (!counted || !ChannelNames.isValid(pipe)) {
            session.write(WsFrames.error("[pipe_count] Invalid channel name. The channel should start with web_",
                    Map.of("number_messages", -1), now));
            return;
        }
        session.whenDone(session.services().presence().counts(session.devId(), List.of(pipe)),
                counts -> session.write(WsFrames.pipeCount(counts.getOrDefault(pipe, 0), marker,
                        session.services().now())));
    }
}
