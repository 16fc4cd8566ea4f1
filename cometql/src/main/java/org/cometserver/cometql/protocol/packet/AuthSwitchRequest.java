package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/**
 * Asks the client to answer again with another auth plugin
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html">Protocol::AuthSwitchRequest</a>).
 */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) implements ServerPacket {
    @Override
    public void write(PacketPayload out) {
        out.writeInt1(0xfe).writeStringNul(pluginName).writeBytes(pluginData).writeInt1(0);
    }
}
