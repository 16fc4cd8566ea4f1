package org.cometserver.cometql.protocol.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.Recordings;
import org.cometserver.cometql.protocol.constant.CapabilityFlags;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HandshakeResponse41Test {
    private static final int SERVER = CapabilityFlags.SERVER_CAPABILITIES;

    @Test
    void readsTheMariadbCliLogin() {
        byte[] recorded = Recordings.read(Recordings.CPPCOMET.resolve("cometql-wire-auth/conn-001.jsonl"))
                .clientPackets().get(0).payload();
        HandshakeResponse41 response = HandshakeResponse41.read(new PacketPayload(Unpooled.wrappedBuffer(recorded)), SERVER);
        assertEquals("root", response.user());
        assertEquals(20, response.authResponse().length);
        assertEquals("CometQL_v1", response.database());
        assertEquals("mysql_native_password", response.authPluginName());
        assertEquals(33, response.characterSet());
    }

    @Test
    void readsLenencAuthDataAndConnectAttributes() {
        ByteBuf buf = Unpooled.buffer();
        PacketPayload out = new PacketPayload(buf);
        out.writeInt4(SERVER).writeInt4(1 << 24).writeInt1(45).writeZero(23).writeStringNul("15")
                .writeBytesLenenc(new byte[32]).writeStringNul("db_1").writeStringNul("caching_sha2_password");
        out.writeIntLenenc(4 + 4 + 3 + 2).writeStringLenenc("_os").writeStringLenenc("lin")
                .writeStringLenenc("ab").writeStringLenenc("c");
        HandshakeResponse41 response = HandshakeResponse41.read(new PacketPayload(buf), SERVER);
        assertEquals("15", response.user());
        assertEquals(32, response.authResponse().length);
        assertEquals("db_1", response.database());
        assertEquals("caching_sha2_password", response.authPluginName());
        assertEquals(Map.of("_os", "lin", "ab", "c"), response.connectAttributes());
    }

    @Test
    void readsAMinimalPre41PluginLessLogin() {
        ByteBuf buf = Unpooled.buffer();
        new PacketPayload(buf).writeInt4(CapabilityFlags.PROTOCOL_41 | CapabilityFlags.SECURE_CONNECTION)
                .writeInt4(0).writeInt1(33).writeZero(23).writeStringNul("root").writeInt1(0);
        HandshakeResponse41 response = HandshakeResponse41.read(new PacketPayload(buf), SERVER);
        assertEquals(0, response.authResponse().length);
        assertNull(response.database());
        assertNull(response.authPluginName());
    }

    @Test
    void refusesEveryTruncation() {
        byte[] recorded = Recordings.read(Recordings.CPPCOMET.resolve("cometql-wire-auth/conn-001.jsonl"))
                .clientPackets().get(0).payload();
        // up to the end of the auth data every cut is detected; later cuts shorten NUL-terminated strings
        for (int length = 0; length < 32 + 5 + 1 + 20; length++) {
            byte[] cut = Arrays.copyOf(recorded, length);
            assertThrows(CometQlException.class,
                    () -> HandshakeResponse41.read(new PacketPayload(Unpooled.wrappedBuffer(cut)), SERVER), "length " + length);
        }
    }

    @Test
    void refusesAnSslRequest() {
        ByteBuf buf = Unpooled.buffer();
        new PacketPayload(buf).writeInt4(CapabilityFlags.PROTOCOL_41 | CapabilityFlags.SSL).writeInt4(0).writeInt1(33)
                .writeZero(23);
        assertThrows(CometQlException.class, () -> HandshakeResponse41.read(new PacketPayload(buf), SERVER));
    }
}
