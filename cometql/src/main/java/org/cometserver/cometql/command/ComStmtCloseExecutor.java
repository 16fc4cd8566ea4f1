package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** COM_STMT_CLOSE: forgets the statement; no reply, even for an unknown id. */
public final class ComStmtCloseExecutor implements CommandExecutor {
    public static final ComStmtCloseExecutor INSTANCE = new ComStmtCloseExecutor();
    private static final CompletionStage<Response> NO_REPLY = CompletableFuture.completedFuture(Response.NONE);

    private ComStmtCloseExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        session.closeStatement(payload.readInt4());
        return NO_REPLY;
    }
}
