package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.session.MysqlSession;
import org.cometserver.cometql.session.ResponseWriter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** COM_QUIT: closes the connection without a reply (CppComet sent an OK; MySQL clients expect none). */
public final class ComQuitExecutor implements CommandExecutor {
    public static final ComQuitExecutor INSTANCE = new ComQuitExecutor();
    private static final CompletionStage<Response> CLOSE = CompletableFuture.completedFuture(ResponseWriter::closeConnection);

    private ComQuitExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        return CLOSE;
    }
}
