package org.cometserver.cometql.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

import java.util.List;

/**
 * Splits the byte stream into {@link MysqlPacket}s
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">3-byte length +
 * sequence id</a>), joining 16 MiB continuations. The size limit is checked from each header, before the body is
 * buffered; a packet over the limit becomes a {@link MalformedPacket} and everything after it is discarded.
 */
public final class MysqlPacketDecoder extends ByteToMessageDecoder {
    private static final int HEADER_LENGTH = 4;

    private int maxPacketSize;
    private CompositeByteBuf continuation;
    private boolean discarding;

    public MysqlPacketDecoder(int maxPacketSize) {
        if (maxPacketSize <= 0) {
            throw new IllegalArgumentException("maxPacketSize: " + maxPacketSize + " (expected: > 0)");
        }
        this.maxPacketSize = maxPacketSize;
    }

    /** Raises the size limit (after login, from the small pre-login cap to {@code max_packet_size}). */
    public void maxPacketSize(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!discarding && in.readableBytes() >= HEADER_LENGTH) {
            int start = in.readerIndex();
            int length = in.getUnsignedMediumLE(start);
            int sequenceId = in.getUnsignedByte(start + 3);
            long joinedLength = (long) length + (continuation == null ? 0 : continuation.readableBytes());
            if (joinedLength > maxPacketSize) {
                discarding = true;
                releaseContinuation();
                in.skipBytes(in.readableBytes());
                out.add(new MalformedPacket(sequenceId, new CometQlException(CometQlErrors.ER_NET_PACKET_TOO_LARGE,
                        "08S01", "Got a packet bigger than 'max_allowed_packet' bytes (length: " + joinedLength
                        + ", expected: <= " + maxPacketSize + ")", null)));
                return;
            }
            if (in.readableBytes() < HEADER_LENGTH + length) {
                return;
            }
            in.skipBytes(HEADER_LENGTH);
            ByteBuf body = in.readRetainedSlice(length);
            if (length == MysqlPacket.MAX_PAYLOAD_PER_FRAME) {
                if (continuation == null) {
                    continuation = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                }
                continuation.addComponent(true, body);
                continue;
            }
            if (continuation != null) {
                continuation.addComponent(true, body);
                body = continuation;
                continuation = null;
            }
            out.add(new MysqlPacket(sequenceId, body));
        }
        if (discarding) {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseContinuation();
    }

    private void releaseContinuation() {
        if (continuation != null) {
            continuation.release();
            continuation = null;
        }
    }
}
