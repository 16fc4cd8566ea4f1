package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.StatusFlags;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html">EOF_Packet</a>:
 * {@code fe 0000 0200} (no warnings, autocommit). CLIENT_DEPRECATE_EOF is not advertised, so result sets always
 * carry it, as CppComet's did.
 */
public final class EofPacket implements ServerPacket {
    public static final EofPacket INSTANCE = new EofPacket();

    private EofPacket() {
    }

    @Override
    public void write(PacketPayload out) {
        out.writeInt1(0xfe).writeInt2(0).writeInt2(StatusFlags.AUTOCOMMIT);
    }
}
