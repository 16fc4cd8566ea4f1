package org.cometserver.server.e2e;

import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Transport;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A hub connection that records the frames it is handed, standing in for a browser. */
final class RecordingTransport implements Transport {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

    /** The next frame handed to this connection, waiting up to 10 s; null when none came. */
    String nextFrame() throws InterruptedException {
        return frames.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public boolean write(EncodedFrame frame) {
        return frames.add(frame.text());
    }

    @Override
    public void close(Disconnect reason) {
        // nothing to release: the test unregisters it from the hub
    }

    @Override
    public long userId() {
        return 0;
    }

    @Override
    public String uuid() {
        return "e2e-recording-transport-0000000";
    }

    @Override
    public String ip() {
        return "127.0.0.1";
    }

    @Override
    public String userAgent() {
        return "e2e";
    }

    @Override
    public String origin() {
        return "";
    }

    @Override
    public String language() {
        return "";
    }
}
