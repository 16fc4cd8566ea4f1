package org.cometserver.cometql.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.cometql.error.CometQlErrors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MysqlPacketDecoderTest {
    private static final int MAX = 20 * 1024 * 1024;

    @Test
    void decodesEveryRecordedClientStreamSplitAtEveryOffset() {
        List<Recordings.Connection> connections = Recordings.all();
        assertEquals(13, connections.size());
        for (Recordings.Connection connection : connections) {
            byte[] stream = connection.clientBytes();
            List<Recordings.Packet> expected = connection.clientPackets();
            assertFalse(expected.isEmpty(), connection.file().toString());
            for (int offset = 0; offset <= stream.length; offset++) {
                EmbeddedChannel channel = new EmbeddedChannel(new MysqlPacketDecoder(MAX));
                channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, offset));
                channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, stream.length - offset));
                assertPackets(expected, drain(channel), connection + " split at " + offset);
                assertFalse(channel.finish());
            }
        }
    }

    @Test
    void decodesOneByteAtATime() {
        Recordings.Connection session = Recordings.all().get(12);
        byte[] stream = session.clientBytes();
        EmbeddedChannel channel = new EmbeddedChannel(new MysqlPacketDecoder(MAX));
        List<Object> decoded = new ArrayList<>();
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            decoded.addAll(drain(channel));
        }
        assertPackets(session.clientPackets(), decoded, "byte at a time");
        assertFalse(channel.finish());
    }

    @Test
    void joinsSixteenMebibyteContinuations() {
        int length = MysqlPacket.MAX_PAYLOAD_PER_FRAME + 10;
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'q');
        ByteBuf wire = Unpooled.buffer();
        wire.writeMediumLE(MysqlPacket.MAX_PAYLOAD_PER_FRAME).writeByte(0).writeBytes(payload, 0, MysqlPacket.MAX_PAYLOAD_PER_FRAME);
        wire.writeMediumLE(10).writeByte(1).writeBytes(payload, MysqlPacket.MAX_PAYLOAD_PER_FRAME, 10);
        EmbeddedChannel channel = new EmbeddedChannel(new MysqlPacketDecoder(MAX));
        channel.writeInbound(wire);
        MysqlPacket packet = channel.readInbound();
        assertEquals(1, packet.sequenceId());
        assertArrayEquals(payload, ByteBufUtil.getBytes(packet.content()));
        packet.release();
        assertFalse(channel.finish());
    }

    @Test
    void joinsAnExactMultipleFollowedByAnEmptyFrame() {
        ByteBuf wire = Unpooled.buffer();
        wire.writeMediumLE(MysqlPacket.MAX_PAYLOAD_PER_FRAME).writeByte(7).writeZero(MysqlPacket.MAX_PAYLOAD_PER_FRAME);
        wire.writeMediumLE(0).writeByte(8);
        EmbeddedChannel channel = new EmbeddedChannel(new MysqlPacketDecoder(MAX));
        channel.writeInbound(wire);
        MysqlPacket packet = channel.readInbound();
        assertEquals(8, packet.sequenceId());
        assertEquals(MysqlPacket.MAX_PAYLOAD_PER_FRAME, packet.content().readableBytes());
        packet.release();
        assertFalse(channel.finish());
    }

    @Test
    void refusesAnOversizedPacketFromItsHeaderAndDiscardsTheRest() {
        EmbeddedChannel channel = new EmbeddedChannel(new MysqlPacketDecoder(1000));
        channel.writeInbound(Unpooled.wrappedBuffer(Hex.bytes("e9030003")));
        MalformedPacket malformed = channel.readInbound();
        assertEquals(3, malformed.sequenceId());
        assertEquals(CometQlErrors.ER_NET_PACKET_TOO_LARGE, malformed.cause().code());
        channel.writeInbound(Unpooled.wrappedBuffer(Hex.bytes("0100000001")));
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void decodesSeveralPacketsFromOneRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new MysqlPacketDecoder(MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(Hex.bytes("010000000e 00000000 0100000001")));
        List<Object> packets = drain(channel);
        assertEquals(3, packets.size());
        assertEquals("MysqlPacket(seq=0, length=0)", packets.get(1).toString());
        packets.forEach(p -> ((MysqlPacket) p).release());
        assertFalse(channel.finish());
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> decoded = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            decoded.add(msg);
        }
        return decoded;
    }

    private static void assertPackets(List<Recordings.Packet> expected, List<Object> decoded, String where) {
        assertEquals(expected.size(), decoded.size(), where);
        for (int i = 0; i < expected.size(); i++) {
            MysqlPacket packet = (MysqlPacket) decoded.get(i);
            assertEquals(expected.get(i).sequenceId(), packet.sequenceId(), where);
            assertTrue(ByteBufUtil.equals(Unpooled.wrappedBuffer(expected.get(i).payload()), packet.content()), where);
            packet.release();
        }
    }
}
