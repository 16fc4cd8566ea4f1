package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.CapabilityFlags;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's login packet
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html">Protocol::HandshakeResponse41</a>).
 * Only the fields allowed by capabilities both sides share are read.
 *
 * @param database       selected database, {@code null} when CONNECT_WITH_DB is not used
 * @param authPluginName plugin the auth response was made with, {@code null} when the client does not say
 */
public record HandshakeResponse41(int capabilities, long maxPacketSize, int characterSet, String user,
                                  byte[] authResponse, String database, String authPluginName,
                                  Map<String, String> connectAttributes) {
    private static final int RESERVED_LENGTH = 23;

    /** Reads the packet; {@code serverCapabilities} masks what the client may use. */
    public static HandshakeResponse41 read(PacketPayload in, int serverCapabilities) {
        int clientCapabilities = (int) in.readInt4();
        if (!CapabilityFlags.has(clientCapabilities, CapabilityFlags.PROTOCOL_41)) {
            throw new CometQlException(CometQlErrors.ER_MALFORMED_PACKET, "08S01",
                    "Clients older than protocol 4.1 are not supported", null);
        }
        if (CapabilityFlags.has(clientCapabilities, CapabilityFlags.SSL)) {
            throw new CometQlException(CometQlErrors.ER_MALFORMED_PACKET, "08S01",
                    "SSL is not supported; connect without SSL", null);
        }
        int shared = clientCapabilities & serverCapabilities;
        long maxPacketSize = in.readInt4();
        int characterSet = in.readInt1();
        in.skip(RESERVED_LENGTH);
        String user = in.readStringNul();
        byte[] authResponse;
        if (CapabilityFlags.has(shared, CapabilityFlags.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            authResponse = in.readBytesLenenc();
        } else if (CapabilityFlags.has(shared, CapabilityFlags.SECURE_CONNECTION)) {
            authResponse = in.readBytesFix(in.readInt1());
        } else {
            authResponse = in.readBytesNul();
        }
        String database = null;
        if (CapabilityFlags.has(shared, CapabilityFlags.CONNECT_WITH_DB) && in.hasRemaining()) {
            database = in.readStringNul();
        }
        String authPluginName = null;
        if (CapabilityFlags.has(shared, CapabilityFlags.PLUGIN_AUTH) && in.hasRemaining()) {
            authPluginName = in.readStringNul();
        }
        Map<String, String> attributes = Map.of();
        if (CapabilityFlags.has(shared, CapabilityFlags.CONNECT_ATTRS) && in.hasRemaining()) {
            attributes = readAttributes(in);
        }
        return new HandshakeResponse41(shared, maxPacketSize, characterSet, user, authResponse, database,
                authPluginName, attributes);
    }

    private static Map<String, String> readAttributes(PacketPayload in) {
        int length = in.checkedLength(in.readIntLenenc());
        int end = in.readableBytes() - length;
        Map<String, String> attributes = new LinkedHashMap<>();
        while (in.readableBytes() > end) {
            attributes.put(in.readStringLenenc(), in.readStringLenenc());
        }
        if (in.readableBytes() != end) {
            throw new CometQlException(CometQlErrors.ER_MALFORMED_PACKET, "HY000",
                    "Malformed communication packet (connection attributes overrun)", null);
        }
        return attributes;
    }
}
