package org.cometserver.server.broker;

import org.cometserver.server.hub.EncodedFrame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A node's {@link BrokerHandler} for the contract suites: records what arrives; each call counts as one receiver. */
public final class RecordingHandler implements BrokerHandler {
    public record Arrival(int devId, String channel, Object what) {
    }

    private final List<Arrival> arrivals = new ArrayList<>();
    /** Receivers reported for user messages (0 simulates a user who left the node meanwhile). */
    public volatile int userReceivers = 1;

    @Override
    public synchronized int onPublication(int devId, Publication publication) {
        arrivals.add(new Arrival(devId, publication.channel(), publication));
        notifyAll();
        return 1;
    }

    @Override
    public synchronized int onFrame(int devId, String channel, EncodedFrame frame) {
        arrivals.add(new Arrival(devId, channel, frame.text()));
        notifyAll();
        return 1;
    }

    @Override
    public synchronized int onUserMessage(int devId, UserMessage message) {
        arrivals.add(new Arrival(devId, "user:" + message.userId(), message));
        notifyAll();
        return userReceivers;
    }

    @Override
    public synchronized void onControl(Control control) {
        arrivals.add(new Arrival(control.devId(), "control", control));
        notifyAll();
    }

    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    public synchronized List<Publication> publications(String channel) {
        List<Publication> found = new ArrayList<>();
        for (Arrival a : arrivals) {
            if (a.channel().equals(channel) && a.what() instanceof Publication p) {
                found.add(p);
            }
        }
        return found;
    }

    /** Waits until {@code count} arrivals match; returns them. */
    public synchronized List<Arrival> await(Predicate<Arrival> match, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Arrival> found = arrivals.stream().filter(match).toList();
            long left = deadline - System.nanoTime();
            if (found.size() >= count || left <= 0) {
                return found;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
