package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.ComStmtExecute;
import org.cometserver.cometql.session.MysqlSession;
import org.cometserver.cometql.session.PreparedStatement;

import java.util.concurrent.CompletionStage;

/**
 * COM_STMT_EXECUTE: decodes the bound values (types remembered from the previous execute when the client does not
 * send them again, long data merged in) and answers with OK or a binary result set.
 */
public final class ComStmtExecuteExecutor implements CommandExecutor {
    public static final ComStmtExecuteExecutor INSTANCE = new ComStmtExecuteExecutor();

    private ComStmtExecuteExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        PreparedStatement statement = session.statement(payload.readInt4(), "mysqld_stmt_execute");
        byte[][] longData = statement.takeLongData();
        ComStmtExecute execute = ComStmtExecute.read(payload, statement.parameterCount(), statement.boundTypes(),
                longData);
        statement.boundTypes(execute.parameterTypes());
        session.counters().questionAsked();
        return session.engine().executePrepared(session.sqlSession(), statement.query(), execute.parameters())
                .thenApply(ResultSetResponse::binary);
    }
}
