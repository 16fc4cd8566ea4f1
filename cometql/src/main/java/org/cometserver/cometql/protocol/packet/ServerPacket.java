package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;

/** A packet the server sends: writes its payload; framing and sequence ids are added by the caller. */
public interface ServerPacket {
    void write(PacketPayload out);
}
