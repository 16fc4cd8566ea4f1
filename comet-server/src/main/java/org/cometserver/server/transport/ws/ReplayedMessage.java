package org.cometserver.server.transport.ws;

import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.store.QueuedEntry;
import org.cometserver.server.store.QueuedMessage;

import java.util.List;

/** A queued private message encoded for replay, with its queue position ({@code queue_id}). */
record ReplayedMessage(long seq, EncodedFrame frame) {

    /** Encodes off the event loop: thousands of queued messages would hold it up while it should be reading. */
    static List<ReplayedMessage> of(List<QueuedEntry> entries) {
        return entries.stream().map(entry -> {
            QueuedMessage m = entry.message();
            return new ReplayedMessage(entry.seq(), WsFrames.queuedMessage(entry.seq(), m.event(), m.message(),
                    m.time()));
        }).toList();
    }
}
