package org.cometserver.cometql.command;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Any command byte we do not implement: ERR 1047 (08S01), connection kept. CppComet answered EOF. */
public final class UnsupportedCommandExecutor implements CommandExecutor {
    public static final UnsupportedCommandExecutor INSTANCE = new UnsupportedCommandExecutor();

    private UnsupportedCommandExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        return CompletableFuture.failedFuture(
                new CometQlException(CometQlErrors.ER_UNKNOWN_COM_ERROR, "08S01", "Unknown command", null));
    }
}
