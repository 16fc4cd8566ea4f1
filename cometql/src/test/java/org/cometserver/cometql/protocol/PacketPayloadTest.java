package org.cometserver.cometql.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PacketPayloadTest {

    @Test
    void writesAndReadsLengthEncodedIntegersAtEveryBoundary() {
        long[] values = {0, 250, 251, 0xffff, 0x1_0000, 0xff_ffff, 0x100_0000, Long.MAX_VALUE};
        String[] encodings = {"00", "fa", "fcfb00", "fcffff", "fd000001", "fdffffff", "fe0000000100000000",
                "feffffffffffffff7f"};
        for (int i = 0; i < values.length; i++) {
            ByteBuf buf = Unpooled.buffer();
            new PacketPayload(buf).writeIntLenenc(values[i]);
            assertEquals(encodings[i], ByteBufUtil.hexDump(buf));
            assertEquals(values[i], new PacketPayload(buf).readIntLenenc());
        }
    }

    @Test
    void readsStrings() {
        PacketPayload in = new PacketPayload(Unpooled.wrappedBuffer(Hex.bytes("726f6f7400 03616263 7879")));
        assertEquals("root", in.readStringNul());
        assertEquals("abc", in.readStringLenenc());
        assertEquals("xy", in.readStringNul());
        assertEquals(0, in.readableBytes());
        ByteBuf out = Unpooled.buffer();
        new PacketPayload(out).writeStringLenenc("é").writeStringNul("a").writeBytesLenenc(new byte[] {1});
        assertArrayEquals(Hex.bytes("02c3a9 6100 0101"), ByteBufUtil.getBytes(out));
    }

    @Test
    void refusesLengthsBeyondThePayloadBeforeAllocating() {
        assertMalformed("fe ffffffffffffff7f");
        assertMalformed("fc1000 4142");
        assertMalformed("ff");
        assertMalformed("fb");
        PacketPayload in = new PacketPayload(Unpooled.wrappedBuffer(Hex.bytes("0102")));
        assertThrows(CometQlException.class, in::readInt4);
    }

    private static void assertMalformed(String hex) {
        PacketPayload in = new PacketPayload(Unpooled.wrappedBuffer(Hex.bytes(hex)));
        CometQlException e = assertThrows(CometQlException.class, in::readBytesLenenc);
        assertEquals(CometQlErrors.ER_MALFORMED_PACKET, e.code());
    }
}
