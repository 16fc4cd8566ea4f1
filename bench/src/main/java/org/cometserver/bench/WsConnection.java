package org.cometserver.bench;

import java.nio.channels.SocketChannel;
import java.util.Arrays;

/** One load-client WebSocket connection's state, owned by the {@link WsClientPool} loop thread. */
final class WsConnection {
    enum Phase { CONNECTING, UPGRADING, OPEN }

    final int index;
    final SocketChannel channel;
    Phase phase = Phase.CONNECTING;
    /** The handshake key until the 101 answer is checked, then null. */
    String key;
    boolean greeted;
    /** Bytes of an incomplete response head or frame carried to the next read; null (the usual case) when none. */
    private byte[] pending;
    private int pendingLength;

    WsConnection(int index, SocketChannel channel, String key) {
        this.index = index;
        this.channel = channel;
        this.key = key;
    }

    byte[] pending() {
        return pending;
    }

    int pendingLength() {
        return pendingLength;
    }

    /** Appends to the carried bytes; throws beyond {@code max} so a misbehaving server cannot grow the heap. */
    void appendPending(byte[] src, int offset, int length, int max) {
        int needed = pendingLength + length;
        if (needed > max) {
            throw new IllegalStateException("incomplete data of " + needed + " bytes (expected: <= " + max + ")");
        }
        if (pending == null) {
            pending = new byte[Math.max(256, needed)];
        } else if (pending.length < needed) {
            pending = Arrays.copyOf(pending, Math.min(max, Math.max(needed, pending.length * 2)));
        }
        System.arraycopy(src, offset, pending, pendingLength, length);
        pendingLength = needed;
    }

    /** Drops the first {@code consumed} carried bytes; frees the array when nothing is left. */
    void consumePending(int consumed) {
        if (consumed >= pendingLength) {
            pending = null;
            pendingLength = 0;
            return;
        }
        System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
        pendingLength -= consumed;
    }
}
