package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.ColumnDefinition41;
import org.cometserver.cometql.protocol.packet.EofPacket;
import org.cometserver.cometql.session.MysqlSession;
import org.cometserver.cometql.sql.ResultColumn;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * COM_FIELD_LIST (the mysql CLI's auto-rehash): a column definition per column of the table, then EOF; an unknown
 * table gives just the EOF. CppComet: always just the EOF.
 */
public final class ComFieldListExecutor implements CommandExecutor {
    public static final ComFieldListExecutor INSTANCE = new ComFieldListExecutor();

    private ComFieldListExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        String table = payload.readStringNul();
        List<ResultColumn> columns = session.engine().fieldList(session.sqlSession(), table);
        return CompletableFuture.completedFuture(out -> {
            for (ResultColumn column : columns) {
                out.write(new ColumnDefinition41(column.table(), column.name(), false));
            }
            out.write(EofPacket.INSTANCE);
        });
    }
}
