package org.cometserver.cometql.protocol.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.cometserver.cometql.protocol.PacketPayload;

/** The payload a server packet writes, as hex. */
final class PacketBytes {
    private PacketBytes() {
    }

    static String hex(ServerPacket packet) {
        ByteBuf buf = Unpooled.buffer();
        packet.write(new PacketPayload(buf));
        return ByteBufUtil.hexDump(buf);
    }
}
