package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * Extra authentication data
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_more_data.html">Protocol::AuthMoreData</a>).
 */
public record AuthMoreData(byte[] data) implements ServerPacket {
    /** caching_sha2_password: the scramble matched the cached password, an OK packet follows. */
    public static final AuthMoreData FAST_AUTH_SUCCESS = new AuthMoreData(new byte[] {0x03});

    @Override
    public void write(PacketPayload out) {
        out.writeInt1(0x01).writeBytes(data);
    }
}
