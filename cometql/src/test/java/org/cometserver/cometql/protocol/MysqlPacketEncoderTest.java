package org.cometserver.cometql.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class MysqlPacketEncoderTest {

    @Test
    void prefixesLengthAndSequenceId() {
        EmbeddedChannel channel = new EmbeddedChannel(MysqlPacketEncoder.INSTANCE);
        channel.writeOutbound(new MysqlPacket(2, Unpooled.wrappedBuffer(Hex.bytes("00000002000000"))));
        ByteBuf out = channel.readOutbound();
        assertEquals("0700000200000002000000", ByteBufUtil.hexDump(out));
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void splitsLargePayloadsAndEndsAnExactMultipleWithAnEmptyFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(MysqlPacketEncoder.INSTANCE);
        int max = MysqlPacket.MAX_PAYLOAD_PER_FRAME;
        channel.writeOutbound(new MysqlPacket(255, Unpooled.buffer(max).writeZero(max)));
        ByteBuf out = channel.readOutbound();
        assertEquals(max + 8, out.readableBytes());
        assertEquals(max, out.getUnsignedMediumLE(0));
        assertEquals(255, out.getUnsignedByte(3));
        assertEquals(0, out.getUnsignedMediumLE(max + 4));
        assertEquals(0, out.getUnsignedByte(max + 7));
        out.release();

        channel.writeOutbound(new MysqlPacket(1, Unpooled.buffer(max + 5).writeZero(max + 5)));
        out = channel.readOutbound();
        assertEquals(max + 5 + 8, out.readableBytes());
        assertEquals(5, out.getUnsignedMediumLE(max + 4));
        assertEquals(2, out.getUnsignedByte(max + 7));
        out.release();
        assertEquals(2, MysqlPacket.frameCount(max));
        assertFalse(channel.finish());
    }
}
