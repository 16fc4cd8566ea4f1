package org.cometserver.server.transport.ws.command;

import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

/**
 * {@code queue_ack\n<queue_id>}: our JS client has every replayed offline message up to {@code queue_id}, which may
 * now leave the queue. Not a CppComet command: the client sends it only after frames carrying {@code queue_id}, which
 * CppComet never sends. Ignored on connections that replayed nothing.
 */
final class QueueAckCommand implements WsCommand {

    @Override
    public void execute(WsSession session, String args) {
        long queueId;
        try {
            queueId = Long.parseLong(ChannelNames.line(args, 0).strip());
        } catch (NumberFormatException e) {
            session.write(WsFrames.error("Invalid queue_id value.", session.services().now()));
            return;
        }
        session.queueAcknowledged(queueId);
    }
}
