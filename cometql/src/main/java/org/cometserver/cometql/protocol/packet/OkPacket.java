package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.StatusFlags;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet</a>.
 *
 * @param info {@code null} for the bare 7-byte OK (after login); otherwise written as a length-encoded string,
 *             as MariaDB does. CppComet: statement OKs end with one 0x00 byte, i.e. an empty info.
 */
public record OkPacket(long affectedRows, long lastInsertId, int statusFlags, String info) implements ServerPacket {
    /** The login OK: {@code 00 00 00 02 00 00 00}. */
    public static final OkPacket LOGIN = new OkPacket(0, 0, StatusFlags.AUTOCOMMIT, null);
    /** An OK after a statement without result: {@code 00 00 00 02 00 00 00 00}. */
    public static final OkPacket EMPTY = new OkPacket(0, 0, StatusFlags.AUTOCOMMIT, "");
    /** The answer to every publish ({@code INSERT INTO pipes_messages}), made once. */
    private static final OkPacket ONE_ROW = new OkPacket(1, 0, StatusFlags.AUTOCOMMIT, "");

    public static OkPacket of(long affectedRows, long lastInsertId, String info) {
        if (lastInsertId == 0 && (info == null || info.isEmpty()) && (affectedRows == 0 || affectedRows == 1)) {
            return affectedRows == 0 ? EMPTY : ONE_ROW;
        }
        return new OkPacket(affectedRows, lastInsertId, StatusFlags.AUTOCOMMIT, info == null ? "" : info);
    }

    @Override
    public void write(PacketPayload out) {
        out.writeInt1(0x00)
                .writeIntLenenc(affectedRows)
                .writeIntLenenc(lastInsertId)
                .writeInt2(statusFlags)
                .writeInt2(0);
        if (info != null) {
            out.writeStringLenenc(info);
        }
    }
}
