package org.cometserver.cometql.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One logical MySQL packet: the sequence id and the whole payload (16 MiB continuations already joined when read,
 * split again by {@link MysqlPacketEncoder} when written). The sequence id of a joined packet is that of its last
 * piece, so a reply continues from it.
 */
public final class MysqlPacket extends DefaultByteBufHolder {
    /** Payload length that announces a continuation packet. */
    public static final int MAX_PAYLOAD_PER_FRAME = 0xFF_FFFF;

    private final int sequenceId;

    public MysqlPacket(int sequenceId, ByteBuf payload) {
        super(payload);
        this.sequenceId = sequenceId & 0xff;
    }

    public int sequenceId() {
        return sequenceId;
    }

    /** Sequence id of the first wire frame of this packet: a command must start its exchange at 0. */
    public int firstSequenceId() {
        return (sequenceId - (frameCount(content().readableBytes()) - 1)) & 0xff;
    }

    /** Number of wire frames (and so sequence ids) a payload of this length takes. */
    public static int frameCount(int payloadLength) {
        return payloadLength / MAX_PAYLOAD_PER_FRAME + 1;
    }

    @Override
    public String toString() {
        return "MysqlPacket(seq=" + sequenceId + ", length=" + content().readableBytes() + ")";
    }
}
