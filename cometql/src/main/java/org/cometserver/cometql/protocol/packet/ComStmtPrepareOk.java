package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * First packet of the answer to COM_STMT_PREPARE
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">COM_STMT_PREPARE_OK</a>);
 * parameter and column definitions follow, each group ended by EOF.
 */
public record ComStmtPrepareOk(int statementId, int columnCount, int parameterCount) implements ServerPacket {
    @Override
    public void write(PacketPayload out) {
        out.writeInt1(0x00)
                .writeInt4(statementId)
                .writeInt2(columnCount)
                .writeInt2(parameterCount)
                .writeInt1(0)
                .writeInt2(0);
    }
}
