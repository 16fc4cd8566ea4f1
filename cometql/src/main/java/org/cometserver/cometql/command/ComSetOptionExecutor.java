package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.EofPacket;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * COM_SET_OPTION (multi-statements on/off): answered with EOF as MySQL does. The option has no effect: one
 * COM_QUERY always runs as one statement.
 */
public final class ComSetOptionExecutor implements CommandExecutor {
    public static final ComSetOptionExecutor INSTANCE = new ComSetOptionExecutor();

    private ComSetOptionExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        payload.readInt2();
        return CompletableFuture.completedFuture(Response.of(EofPacket.INSTANCE));
    }
}
