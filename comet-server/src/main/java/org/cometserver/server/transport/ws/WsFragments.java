package org.cometserver.server.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A message a client split over continuation frames (RFC 6455 §5.4), joined up to {@code [main] max_message_size}
 * bytes. Netty's frame decoder refuses fragments out of order (a continuation outside a message, a new message inside
 * one) and control frames between fragments are handled without reaching this class. One exists only between a
 * message's first and last fragment: an idle connection holds none (issue #13: Netty's aggregator was a pipeline
 * handler and context on every connection).
 */
final class WsFragments {
    private final boolean text;
    private final int maxBytes;
    /** The bytes so far; null once the message went over the limit (its remaining fragments are dropped). */
    private ByteBuf joined;

    WsFragments(ByteBufAllocator allocator, boolean text, int maxBytes) {
        this.text = text;
        this.maxBytes = maxBytes;
        this.joined = allocator.heapBuffer();
    }

    boolean text() {
        return text;
    }

    /** Appends a fragment; false when it takes the message over the limit (once: later fragments are dropped). */
    boolean add(ByteBuf fragment) {
        if (joined == null) {
            return true;
        }
        if (fragment.readableBytes() > maxBytes - joined.readableBytes()) {
            release();
            return false;
        }
        joined.writeBytes(fragment, fragment.readerIndex(), fragment.readableBytes());
        return true;
    }

    /** The whole message, to be released by the caller; null when it went over the limit. */
    ByteBuf take() {
        ByteBuf message = joined;
        joined = null;
        return message;
    }

    void release() {
        if (joined != null) {
            joined.release();
            joined = null;
        }
    }
}
