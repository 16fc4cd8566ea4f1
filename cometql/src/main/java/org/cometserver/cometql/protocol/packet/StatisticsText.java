package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * Answer to <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_statistics.html">COM_STATISTICS</a>:
 * a human-readable string&lt;EOF&gt;.
 */
public record StatisticsText(String text) implements ServerPacket {
    @Override
    public void write(PacketPayload out) {
        out.writeStringEof(text);
    }
}
