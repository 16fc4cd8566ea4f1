package org.cometserver.server.wiring;

import org.slf4j.Logger;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Store calls made off the calling thread (a broker delivery, the bridge's callbacks, a statement) on the store's
 * executor: a failure, or an executor that refuses the task (full, or shut down), is logged on the caller's logger
 * and the caller goes on.
 */
final class StoreTasks {
    private StoreTasks() {
    }

    /** @param what the call as a noun phrase for the log ("storing phone …") */
    static void run(Executor executor, Logger log, String what, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("{} failed: {}", what, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("{} dropped: the store's executor refused it", what);
        }
    }
}
