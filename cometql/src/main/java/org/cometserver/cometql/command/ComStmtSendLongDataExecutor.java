package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.ComStmtSendLongData;
import org.cometserver.cometql.session.MysqlSession;
import org.cometserver.cometql.session.PreparedStatement;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** COM_STMT_SEND_LONG_DATA: appends a chunk to a parameter; no reply (errors surface at execute). */
public final class ComStmtSendLongDataExecutor implements CommandExecutor {
    public static final ComStmtSendLongDataExecutor INSTANCE = new ComStmtSendLongDataExecutor();
    private static final CompletionStage<Response> NO_REPLY = CompletableFuture.completedFuture(Response.NONE);

    private ComStmtSendLongDataExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        ComStmtSendLongData chunk = ComStmtSendLongData.read(payload);
        PreparedStatement statement = session.statementOrNull(chunk.statementId());
        if (statement != null) {
            statement.appendLongData(chunk.parameterId(), chunk.data());
        }
        return NO_REPLY;
    }
}
