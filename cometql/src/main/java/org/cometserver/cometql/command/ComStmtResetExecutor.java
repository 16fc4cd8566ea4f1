package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.OkPacket;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** COM_STMT_RESET: drops the long data collected for the statement; OK. */
public final class ComStmtResetExecutor implements CommandExecutor {
    public static final ComStmtResetExecutor INSTANCE = new ComStmtResetExecutor();

    private ComStmtResetExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        session.statement(payload.readInt4(), "mysqld_stmt_reset").resetLongData();
        return CompletableFuture.completedFuture(Response.of(OkPacket.EMPTY));
    }
}
