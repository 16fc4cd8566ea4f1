package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_send_long_data.html">COM_STMT_SEND_LONG_DATA</a>
 * after its command byte: a chunk of one parameter's value.
 */
public record ComStmtSendLongData(long statementId, int parameterId, byte[] data) {
    public static ComStmtSendLongData read(PacketPayload in) {
        return new ComStmtSendLongData(in.readInt4(), in.readInt2(), in.readBytesEof());
    }
}
