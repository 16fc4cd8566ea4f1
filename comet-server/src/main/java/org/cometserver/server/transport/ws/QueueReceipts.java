package org.cometserver.server.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * At-least-once replay of a user's offline queue on one connection: replayed messages stay in {@code users_messages}
 * until the client has them. Our JS client says so with {@code queue_ack\n<queue_id>}; for clients that never do
 * (CppComet's JS API 4.08) a connection that stays up counts: {@code [ws] queue_receipt_time} seconds after the last
 * replayed frame was written, a ping goes out, and its pong — the client has read every frame before it — deletes all
 * that was replayed. A connection lost earlier gets the rest again at its next login. Loop-confined: every method
 * runs on the connection's event loop.
 */
final class QueueReceipts {
    private static final byte[] PING = "queue".getBytes(StandardCharsets.US_ASCII);

    private final WsSession session;
    /** Highest {@code seq} written to this connection. */
    private long replayedUpTo;
    /** Highest {@code seq} whose receipt the next pong of ours proves. */
    private long pingedUpTo;
    /** Highest {@code seq} the client is known to have. */
    private long receivedUpTo;
    /** Highest {@code seq} deleted, or being deleted when {@link #deleting}. */
    private long deletedUpTo;
    private boolean deleting;

    QueueReceipts(WsSession session) {
        this.session = session;
    }

    /** Writes the messages: not empty, oldest first, all after those replayed before. */
    void replay(List<ReplayedMessage> messages) {
        ChannelFuture last = null;
        for (ReplayedMessage message : messages) {
            last = session.writeAndFlush(message.frame());
        }
        long upTo = messages.get(messages.size() - 1).seq();
        replayedUpTo = upTo;
        last.addListener(written -> {
            if (written.isSuccess()) {
                Channel channel = session.channel();
                channel.eventLoop().schedule(() -> ping(upTo), session.services().ws().queueReceiptSeconds(),
                        TimeUnit.SECONDS);
            }
        });
    }

    /** Highest {@code seq} written to this connection. */
    long replayedUpTo() {
        return replayedUpTo;
    }

    /** The client's {@code queue_ack}: it has every message up to {@code queueId} (never beyond what it was sent). */
    void acknowledged(long queueId) {
        received(Math.min(queueId, replayedUpTo));
    }

    /** A pong from the client; the answer to our ping proves receipt of what was written before it. */
    void pong(ByteBuf content) {
        if (pingedUpTo > 0 && ByteBufUtil.equals(content, Unpooled.wrappedBuffer(PING))) {
            received(pingedUpTo);
        }
    }

    private void ping(long upTo) {
        Channel channel = session.channel();
        if (channel.isActive() && upTo > receivedUpTo) {
            pingedUpTo = Math.max(pingedUpTo, upTo);
            channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(PING)));
        }
    }

    private void received(long upTo) {
        if (upTo > receivedUpTo) {
            receivedUpTo = upTo;
            deleteReceived();
        }
    }

    /** One deletion at a time; acknowledgements arriving meanwhile are folded into the next. */
    private void deleteReceived() {
        if (deleting || receivedUpTo <= deletedUpTo) {
            return;
        }
        deleting = true;
        long upTo = receivedUpTo;
        deletedUpTo = upTo;
        session.offLoop(() -> session.services().store().messageQueue().deleteUpTo(session.devId(), session.userId(),
                upTo), deleted -> {
            deleting = false;
            deleteReceived();
        });
    }
}
