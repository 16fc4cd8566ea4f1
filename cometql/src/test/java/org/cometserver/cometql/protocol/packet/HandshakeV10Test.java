package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.Hex;
import org.cometserver.cometql.protocol.Recordings;
import org.cometserver.cometql.protocol.constant.CapabilityFlags;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HandshakeV10Test {

    @Test
    void writesTheLayoutCppCometSent() {
        // cometql-wire-auth/conn-001: connection id 40, capabilities 0xC00FFFFF, charset 8
        Recordings.Packet greeting = Recordings.read(Recordings.CPPCOMET.resolve("cometql-wire-auth/conn-001.jsonl"))
                .serverPackets().get(0);
        byte[] payload = greeting.payload();
        byte[] scramble = new byte[20];
        System.arraycopy(payload, 44, scramble, 0, 8);
        System.arraycopy(payload, 71, scramble, 8, 12);
        HandshakeV10 packet = new HandshakeV10("CppComet community 4.09 (AGPL license)", 40, scramble, 0xC00FFFFF, 8, 2,
                "mysql_native_password");
        assertEquals(Hex.hex(payload), PacketBytes.hex(packet));
    }

    @Test
    void advertisesNeitherSslNorCompression() {
        assertFalse(CapabilityFlags.has(CapabilityFlags.SERVER_CAPABILITIES, CapabilityFlags.SSL));
        assertFalse(CapabilityFlags.has(CapabilityFlags.SERVER_CAPABILITIES, CapabilityFlags.COMPRESS));
        assertFalse(CapabilityFlags.has(CapabilityFlags.SERVER_CAPABILITIES, CapabilityFlags.DEPRECATE_EOF));
        byte[] scramble = new byte[20];
        Arrays.fill(scramble, (byte) 'a');
        String hex = PacketBytes.hex(new HandshakeV10("v", 1, scramble, CapabilityFlags.SERVER_CAPABILITIES, 33, 2, "p"));
        assertEquals("0a7600" + "01000000" + "6161616161616161" + "00" + "0fa6" + "21" + "0200" + "3800" + "15"
                + "00000000000000000000" + "616161616161616161616161" + "00" + "7000", hex);
    }
}
