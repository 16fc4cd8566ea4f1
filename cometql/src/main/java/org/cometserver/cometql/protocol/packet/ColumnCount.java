package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/** First packet of a result set: the number of columns as int&lt;lenenc&gt;. */
public record ColumnCount(int count) implements ServerPacket {
    @Override
    public void write(PacketPayload out) {
        out.writeIntLenenc(count);
    }
}
