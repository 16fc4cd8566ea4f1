package org.cometserver.cometql.command;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.ColumnDefinition41;
import org.cometserver.cometql.protocol.packet.ComStmtPrepareOk;
import org.cometserver.cometql.protocol.packet.EofPacket;
import org.cometserver.cometql.session.MysqlSession;
import org.cometserver.cometql.session.PreparedStatement;
import org.cometserver.cometql.sql.ResultColumn;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * COM_STMT_PREPARE: plans the statement in the engine, keeps it under a new id and answers PREPARE_OK, one
 * definition per parameter, EOF, one per column, EOF (each group only when not empty).
 */
public final class ComStmtPrepareExecutor implements CommandExecutor {
    public static final ComStmtPrepareExecutor INSTANCE = new ComStmtPrepareExecutor();
    private static final ColumnDefinition41 PARAMETER = ColumnDefinition41.resultColumn("?", true);

    private ComStmtPrepareExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        if (payload.readableBytes() > session.config().maxQueryLength()) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "Data is too long");
        }
        String sql = payload.readStringEof();
        return session.engine().prepare(session.sqlSession(), sql).thenApply(query -> {
            PreparedStatement statement = session.register(query);
            List<ResultColumn> columns = query.columns();
            int parameterCount = query.parameterCount();
            return out -> {
                out.write(new ComStmtPrepareOk(statement.id(), columns.size(), parameterCount));
                if (parameterCount > 0) {
                    for (int i = 0; i < parameterCount; i++) {
                        out.write(PARAMETER);
                    }
                    out.write(EofPacket.INSTANCE);
                }
                if (!columns.isEmpty()) {
                    for (ResultColumn column : columns) {
                        out.write(ColumnDefinition41.resultColumn(column.name(), true));
                    }
                    out.write(EofPacket.INSTANCE);
                }
            };
        });
    }
}
