package org.cometserver.cometql.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import org.cometserver.cometql.protocol.MysqlPacket;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.ServerPacket;

/**
 * Writes the packets of one response on the channel's event loop, numbering them from the request's sequence
 * id + 1. Nothing is flushed here: the connection handler flushes once per response.
 */
public final class ResponseWriter {
    private final ChannelHandlerContext ctx;
    private int sequenceId;
    private boolean written;
    private boolean closeRequested;

    ResponseWriter(ChannelHandlerContext ctx, int firstSequenceId) {
        this.ctx = ctx;
        this.sequenceId = firstSequenceId;
    }

    public void write(ServerPacket packet) {
        ByteBuf payload = ctx.alloc().buffer();
        try {
            packet.write(new PacketPayload(payload));
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
        int frames = MysqlPacket.frameCount(payload.readableBytes());
        ctx.write(new MysqlPacket(sequenceId, payload), ctx.voidPromise());
        sequenceId += frames;
        written = true;
    }

    /** Closes the connection once what was written is flushed. */
    public void closeConnection() {
        closeRequested = true;
    }

    boolean written() {
        return written;
    }

    boolean closeRequested() {
        return closeRequested;
    }
}
