package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.OkPacket;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** COM_RESET_CONNECTION: drops every prepared statement of the connection; OK. */
public final class ComResetConnectionExecutor implements CommandExecutor {
    public static final ComResetConnectionExecutor INSTANCE = new ComResetConnectionExecutor();

    private ComResetConnectionExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        session.closeAllStatements();
        return CompletableFuture.completedFuture(Response.of(OkPacket.EMPTY));
    }
}
