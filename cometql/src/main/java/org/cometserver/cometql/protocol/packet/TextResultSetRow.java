package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_row.html">Text result row</a>:
 * a length-encoded string per value, {@code 0xFB} for NULL.
 */
public record TextResultSetRow(String[] values) implements ServerPacket {
    private static final int NULL_VALUE = 0xfb;

    @Override
    public void write(PacketPayload out) {
        for (String value : values) {
            if (value == null) {
                out.writeInt1(NULL_VALUE);
            } else {
                out.writeStringLenenc(value);
            }
        }
    }
}
