package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

import java.util.Arrays;

/**
 * The server greeting
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">Protocol::HandshakeV10</a>).
 *
 * @param scramble 20 bytes of auth-plugin data (8 in part 1, 12 + NUL in part 2)
 */
public record HandshakeV10(String serverVersion, long connectionId, byte[] scramble, int capabilities,
                           int characterSet, int statusFlags, String authPluginName) implements ServerPacket {
    private static final int PROTOCOL_VERSION = 10;
    private static final int PART1_LENGTH = 8;

    public HandshakeV10 {
        if (scramble.length != 20) {
            throw new IllegalArgumentException("scramble length: " + scramble.length + " (expected: 20)");
        }
    }

    @Override
    public void write(PacketPayload out) {
        out.writeInt1(PROTOCOL_VERSION)
                .writeStringNul(serverVersion)
                .writeInt4(connectionId)
                .writeBytes(Arrays.copyOfRange(scramble, 0, PART1_LENGTH))
                .writeInt1(0)
                .writeInt2(capabilities & 0xffff)
                .writeInt1(characterSet)
                .writeInt2(statusFlags)
                .writeInt2(capabilities >>> 16)
                .writeInt1(scramble.length + 1)
                .writeZero(10)
                .writeBytes(Arrays.copyOfRange(scramble, PART1_LENGTH, scramble.length))
                .writeInt1(0)
                .writeStringNul(authPluginName);
    }
}
