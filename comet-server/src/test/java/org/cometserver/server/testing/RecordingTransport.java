package org.cometserver.server.testing;

import org.cometserver.server.hub.DeliveryGroup;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hub connection for tests: records every frame written and the close reason; can be told to refuse writes. */
public final class RecordingTransport implements Transport {
    private final long userId;
    private final String uuid;
    private final DeliveryGroup deliveryGroup;
    private final List<EncodedFrame> frames = new CopyOnWriteArrayList<>();
    private volatile Disconnect closedWith;
    private volatile boolean refuseWrites;
    private final java.util.concurrent.atomic.AtomicInteger queueChanges = new java.util.concurrent.atomic.AtomicInteger();

    public RecordingTransport(long userId, String uuid) {
        this(userId, uuid, DeliveryGroup.DIRECT);
    }

    /** An anonymous connection written with the others of {@code deliveryGroup} (as those of one event loop are). */
    public RecordingTransport(DeliveryGroup deliveryGroup) {
        this(0, "anon", deliveryGroup);
    }

    private RecordingTransport(long userId, String uuid, DeliveryGroup deliveryGroup) {
        this.userId = userId;
        this.uuid = uuid;
        this.deliveryGroup = deliveryGroup;
    }

    @Override
    public DeliveryGroup deliveryGroup() {
        return deliveryGroup;
    }

    /** An anonymous connection. */
    public RecordingTransport() {
        this(0, "anon");
    }

    @Override
    public boolean write(EncodedFrame frame) {
        if (refuseWrites || closedWith != null) {
            return false;
        }
        frames.add(frame);
        return true;
    }

    @Override
    public void queueChanged() {
        queueChanges.incrementAndGet();
    }

    /** How often {@link #queueChanged} was called. */
    public int queueChanges() {
        return queueChanges.get();
    }

    @Override
    public void close(Disconnect reason) {
        if (closedWith == null) {
            closedWith = reason;
        }
    }

    public void refuseWrites() {
        refuseWrites = true;
    }

    /** Frames received, as JSON text, in order. */
    public List<String> texts() {
        return frames.stream().map(EncodedFrame::text).toList();
    }

    public List<EncodedFrame> frames() {
        return List.copyOf(frames);
    }

    /** The reason it was closed with, null while open. */
    public Disconnect closedWith() {
        return closedWith;
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public String ip() {
        return "127.0.0.1";
    }

    @Override
    public String userAgent() {
        return "test-agent";
    }

    @Override
    public String origin() {
        return "http://localhost";
    }

    @Override
    public String language() {
        return "en";
    }

    @Override
    public String toString() {
        return "RecordingTransport[user " + userId + ", " + uuid + "]";
    }
}
