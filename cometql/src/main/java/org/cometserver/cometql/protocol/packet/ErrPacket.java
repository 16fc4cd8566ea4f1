package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html">ERR_Packet</a>:
 * {@code ff code '#' sqlstate message}. Built from exceptions by
 * {@link org.cometserver.cometql.error.ErrPacketFactory}.
 */
public record ErrPacket(int errorCode, String sqlState, String message) implements ServerPacket {
    @Override
    public void write(PacketPayload out) {
        out.writeInt1(0xff).writeInt2(errorCode).writeInt1('#').writeStringEof(sqlState).writeStringEof(message);
    }
}
