package org.cometserver.server.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import org.cometserver.server.hub.DeliveryGroup;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The sessions of one event loop as a {@link DeliveryGroup}: a publication becomes one task on the loop, which encodes
 * the WebSocket frame once into a direct buffer and writes a duplicate of it to every member, and one flush pass
 * after the tasks already queued, so messages published in a burst leave in one system call per connection.
 * Loop-confined state; {@link #deliver} may be called from any thread.
 */
final class EventLoopDelivery implements DeliveryGroup {
    private static final FastThreadLocal<EventLoopDelivery> OF_LOOP = new FastThreadLocal<>();
    private static final int FIN_TEXT = 0x81;

    private final EventLoop loop;
    private final List<WsSession> unflushed = new ArrayList<>();
    private final Runnable flushAll = this::flushAll;
    private boolean flushScheduled;

    private EventLoopDelivery(EventLoop loop) {
        this.loop = loop;
    }

    /** The group of {@code loop}; called on that loop. */
    static EventLoopDelivery of(EventLoop loop) {
        EventLoopDelivery group = OF_LOOP.getIfExists();
        if (group == null) {
            group = new EventLoopDelivery(loop);
            OF_LOOP.set(group);
        }
        return group;
    }

    @Override
    public int deliver(EncodedFrame frame, List<Transport> members) {
        if (loop.inEventLoop()) {
            writeAll(frame, members);
            return members.size();
        }
        try {
            loop.execute(() -> writeAll(frame, members));
            return members.size();
        } catch (RejectedExecutionException shuttingDown) {
            return 0;
        }
    }

    private void writeAll(EncodedFrame frame, List<Transport> members) {
        ByteBuf wire = textFrame(frame.utf8());
        int written = unflushed.size();
        try {
            for (Transport member : members) {
                WsSession session = (WsSession) member;
                if (session.writeShared(frame, wire)) {
                    unflushed.add(session);
                }
            }
        } finally {
            wire.release();
        }
        // one add per batch: the members this pass wrote
        WsDeliveries.delivered(unflushed.size() - written);
        if (!flushScheduled && !unflushed.isEmpty()) {
            flushScheduled = true;
            loop.execute(flushAll);
        }
    }

    private void flushAll() {
        flushScheduled = false;
        for (WsSession session : unflushed) {
            session.flushShared();
        }
        unflushed.clear();
    }

    /** An unmasked, unfragmented server text frame (RFC 6455 §5.2). */
    private static ByteBuf textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteBuf wire = ByteBufAllocator.DEFAULT.directBuffer(header + length);
        wire.writeByte(FIN_TEXT);
        if (length < 126) {
            wire.writeByte(length);
        } else if (length < 65536) {
            wire.writeByte(126).writeShort(length);
        } else {
            wire.writeByte(127).writeLong(length);
        }
        return wire.writeBytes(payload);
    }
}
