package org.cometserver.cometql.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Frames {@link MysqlPacket}s: 3-byte length + sequence id before the payload; a payload of 16 MiB - 1 or more is
 * split into full frames followed by a shorter (possibly empty) one, each with the next sequence id.
 */
@ChannelHandler.Sharable
public final class MysqlPacketEncoder extends MessageToByteEncoder<MysqlPacket> {
    public static final MysqlPacketEncoder INSTANCE = new MysqlPacketEncoder();

    private MysqlPacketEncoder() {
        super(MysqlPacket.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, MysqlPacket msg, boolean preferDirect) {
        int length = msg.content().readableBytes();
        int capacity = length + 4 * MysqlPacket.frameCount(length);
        return preferDirect ? ctx.alloc().ioBuffer(capacity) : ctx.alloc().heapBuffer(capacity);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MysqlPacket msg, ByteBuf out) {
        ByteBuf payload = msg.content();
        int sequenceId = msg.sequenceId();
        int frameLength;
        do {
            frameLength = Math.min(payload.readableBytes(), MysqlPacket.MAX_PAYLOAD_PER_FRAME);
            out.writeMediumLE(frameLength);
            out.writeByte(sequenceId++);
            out.writeBytes(payload, frameLength);
        } while (frameLength == MysqlPacket.MAX_PAYLOAD_PER_FRAME);
    }
}
