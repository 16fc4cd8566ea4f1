package org.cometserver.cometql.command;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.session.MysqlSession;

import java.util.concurrent.CompletionStage;

/** COM_QUERY: hands the statement text to the engine and answers with OK or a text result set. */
public final class ComQueryExecutor implements CommandExecutor {
    public static final ComQueryExecutor INSTANCE = new ComQueryExecutor();

    private ComQueryExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        if (payload.readableBytes() > session.config().maxQueryLength()) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "Data is too long");
        }
        String sql = payload.readStringEof();
        session.counters().questionAsked();
        return session.engine().execute(session.sqlSession(), sql).thenApply(ResultSetResponse::text);
    }
}
