package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html">Binary result
 * row</a>: header 0x00, NULL bitmap (bit offset 2), then each non-NULL value. Every column is VAR_STRING, so each
 * value is a length-encoded string.
 */
public record BinaryResultSetRow(String[] values) implements ServerPacket {
    private static final int BITMAP_OFFSET = 2;

    @Override
    public void write(PacketPayload out) {
        out.writeInt1(0x00);
        byte[] nullBitmap = new byte[(values.length + 7 + BITMAP_OFFSET) / 8];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                int bit = i + BITMAP_OFFSET;
                nullBitmap[bit / 8] |= (byte) (1 << (bit % 8));
            }
        }
        out.writeBytes(nullBitmap);
        for (String value : values) {
            if (value != null) {
                out.writeStringLenenc(value);
            }
        }
    }
}
