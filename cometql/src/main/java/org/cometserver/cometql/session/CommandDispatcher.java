package org.cometserver.cometql.session;

import org.cometserver.cometql.command.ComFieldListExecutor;
import org.cometserver.cometql.command.ComInitDbExecutor;
import org.cometserver.cometql.command.ComPingExecutor;
import org.cometserver.cometql.command.ComQueryExecutor;
import org.cometserver.cometql.command.ComQuitExecutor;
import org.cometserver.cometql.command.ComResetConnectionExecutor;
import org.cometserver.cometql.command.ComSetOptionExecutor;
import org.cometserver.cometql.command.ComStatisticsExecutor;
import org.cometserver.cometql.command.ComStmtCloseExecutor;
import org.cometserver.cometql.command.ComStmtExecuteExecutor;
import org.cometserver.cometql.command.ComStmtPrepareExecutor;
import org.cometserver.cometql.command.ComStmtResetExecutor;
import org.cometserver.cometql.command.ComStmtSendLongDataExecutor;
import org.cometserver.cometql.command.CommandExecutor;
import org.cometserver.cometql.command.Response;
import org.cometserver.cometql.command.UnsupportedCommandExecutor;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.MysqlPacket;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.CommandType;

import java.util.concurrent.CompletionStage;

/** Picks the executor of a command packet: one switch on {@link CommandType}. */
public final class CommandDispatcher {
    private CommandDispatcher() {
    }

    static CompletionStage<Response> dispatch(MysqlSession session, MysqlPacket packet) {
        PacketPayload payload = new PacketPayload(packet.content());
        CommandType type = CommandType.of(payload.readInt1());
        if (!session.authenticated() && type != CommandType.PING && type != CommandType.QUIT) {
            // CppComet: a health-check login without password may only ping.
            throw new CometQlException(CometQlErrors.ACCESS_DENIED, "Access denied");
        }
        return executorFor(type).execute(session, payload);
    }

    static CommandExecutor executorFor(CommandType type) {
        return switch (type) {
            case QUIT -> ComQuitExecutor.INSTANCE;
            case INIT_DB -> ComInitDbExecutor.INSTANCE;
            case QUERY -> ComQueryExecutor.INSTANCE;
            case FIELD_LIST -> ComFieldListExecutor.INSTANCE;
            case STATISTICS -> ComStatisticsExecutor.INSTANCE;
            case PING -> ComPingExecutor.INSTANCE;
            case STMT_PREPARE -> ComStmtPrepareExecutor.INSTANCE;
            case STMT_EXECUTE -> ComStmtExecuteExecutor.INSTANCE;
            case STMT_SEND_LONG_DATA -> ComStmtSendLongDataExecutor.INSTANCE;
            case STMT_CLOSE -> ComStmtCloseExecutor.INSTANCE;
            case STMT_RESET -> ComStmtResetExecutor.INSTANCE;
            case SET_OPTION -> ComSetOptionExecutor.INSTANCE;
            case RESET_CONNECTION -> ComResetConnectionExecutor.INSTANCE;
            case UNKNOWN -> UnsupportedCommandExecutor.INSTANCE;
        };
    }
}
