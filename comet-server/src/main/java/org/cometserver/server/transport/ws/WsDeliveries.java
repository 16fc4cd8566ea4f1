package org.cometserver.server.transport.ws;

import java.util.concurrent.atomic.LongAdder;

/**
 * Frames handed to browser connections ({@link WsSession#write}, {@link EventLoopDelivery}) and frames refused
 * because the connection was closing or closed as a slow consumer, for {@code /metrics}: per process, like
 * {@link WsSession#slowCloses()}. A delivery batch adds once; a refusal is rare and adds one.
 */
public final class WsDeliveries {
    private static final LongAdder DELIVERED = new LongAdder();
    private static final LongAdder DROPPED = new LongAdder();

    private WsDeliveries() {
    }

    static void delivered(int frames) {
        if (frames > 0) {
            DELIVERED.add(frames);
        }
    }

    static void dropped() {
        DROPPED.increment();
    }

    /** Frames written to browser connections since start (one per connection a message reached). */
    public static long deliveredTotal() {
        return DELIVERED.sum();
    }

    /** Frames refused since start: the connection was closing, closed, or too slow to take them. */
    public static long droppedTotal() {
        return DROPPED.sum();
    }
}
