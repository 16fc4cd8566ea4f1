package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletionStage;

/**
 * Runs one COM_* command. Called on the event loop with the payload after the command byte, which is valid only
 * during the call: read it before returning. Must not block; the stage may complete on another thread.
 * A failure (thrown or in the stage) is answered with an ERR packet and the connection kept.
 */
public interface CommandExecutor {
    CompletionStage<Response> execute(MysqlSession session, PacketPayload payload);
}
