package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.OkPacket;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * COM_INIT_DB: selects {@code CometQL_v1} or {@code db_N} through the engine; a refusal (ERR 15
 * {@code Select database failure}) keeps the connection.
 */
public final class ComInitDbExecutor implements CommandExecutor {
    public static final ComInitDbExecutor INSTANCE = new ComInitDbExecutor();

    private ComInitDbExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        session.engine().useDatabase(session.sqlSession(), payload.readStringEof());
        // CppComet: answered 00 00 00 00 02 00 00 00 (status 0x0200 by mistake); we send the statement OK.
        return CompletableFuture.completedFuture(Response.of(OkPacket.EMPTY));
    }
}
