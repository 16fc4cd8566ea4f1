package org.cometserver.esl.conference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs notification tasks one at a time, in submission order, on a caller-supplied executor (which may be multi-threaded).
 * Submitting never blocks: beyond {@link #MAX_QUEUED} waiting tasks new ones are dropped with an error log, because a
 * listener that far behind would otherwise grow memory without bound while FreeSWITCH keeps sending events.
 */
public final class SerialNotifier {

    static final int MAX_QUEUED = 100_000;
    private static final Logger log = LoggerFactory.getLogger(SerialNotifier.class);

    private final String name;
    private final Executor executor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;
    private long dropped;

    /** @param name who is notified, for log lines ({@code conference listeners}, {@code call listeners}) */
    public SerialNotifier(String name, Executor executor) {
        this.name = name;
        this.executor = executor;
    }

    public void submit(Runnable task) {
        synchronized (queue) {
            if (queue.size() >= MAX_QUEUED) {
                if (dropped++ % 10_000 == 0) {
                    log.error("{} {} notices behind; {} dropped so far", name, queue.size(), dropped);
                }
                return;
            }
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                draining = false;
                queue.clear();
            }
            log.warn("{}: executor refused notices (shut down?)", name);
        }
    }

    private void drain() {
        for (;;) {
            Runnable task;
            synchronized (queue) {
                task = queue.poll();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("{}: a listener failed", name, e);
            }
        }
    }
}
