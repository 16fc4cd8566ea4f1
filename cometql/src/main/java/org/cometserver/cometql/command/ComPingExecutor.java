package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.OkPacket;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** COM_PING: OK. */
public final class ComPingExecutor implements CommandExecutor {
    public static final ComPingExecutor INSTANCE = new ComPingExecutor();
    private static final CompletionStage<Response> OK = CompletableFuture.completedFuture(Response.of(OkPacket.EMPTY));

    private ComPingExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        return OK;
    }
}
