package org.cometserver.bench;

import java.io.IOException;
import java.util.List;

/** Publishes on each of several publishers in turn (CometQL on every node of a cluster); closes them all. */
final class RoundRobinPublisher implements FanoutPublisher {
    private final List<FanoutPublisher> publishers;
    private int next;

    RoundRobinPublisher(List<FanoutPublisher> publishers) {
        if (publishers.isEmpty()) {
            throw new IllegalArgumentException("no publisher");
        }
        this.publishers = List.copyOf(publishers);
    }

    @Override
    public void publish(String message) throws IOException {
        FanoutPublisher publisher = publishers.get(next);
        next = (next + 1) % publishers.size();
        publisher.publish(message);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FanoutPublisher publisher : publishers) {
            try {
                publisher.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
