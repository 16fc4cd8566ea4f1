package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.packet.ServerPacket;
import org.cometserver.cometql.session.ResponseWriter;

/** What a command answers, written later on the event loop. */
@FunctionalInterface
public interface Response {
    /** No reply (COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA). */
    Response NONE = out -> {
    };

    void writeTo(ResponseWriter out);

    static Response of(ServerPacket packet) {
        return out -> out.write(packet);
    }
}
