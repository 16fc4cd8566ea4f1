package org.cometserver.esl.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code bgapi} jobs of one node, by the {@code Job-UUID} the client chose and sent with the command. The command goes
 * out on the command connection, the result comes back as a {@code BACKGROUND_JOB} event on the event connection, so the
 * table is shared and thread-safe. A job is registered before its command is written: the event may overtake the
 * {@code command/reply}.
 */
public final class BackgroundJobs {

    private final Map<String, CompletableFuture<String>> jobs = new ConcurrentHashMap<>();

    CompletableFuture<String> register(String jobUuid, String description, long timeoutMillis, ScheduledExecutorService scheduler) {
        CompletableFuture<String> result = new CompletableFuture<>();
        jobs.put(jobUuid, result);
        var timeout = scheduler.schedule(() -> {
            if (jobs.remove(jobUuid, result)) {
                result.completeExceptionally(new TimeoutException(
                        "no BACKGROUND_JOB for '" + description + "' (Job-UUID " + jobUuid + ") within " + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> timeout.cancel(false));
        return result;
    }

    /** Completes the job with the event's body; events of jobs not ours (other clients, timed-out jobs) are ignored. */
    boolean complete(String jobUuid, String body) {
        CompletableFuture<String> job = jobUuid == null ? null : jobs.remove(jobUuid);
        if (job == null) {
            return false;
        }
        job.complete(body == null ? "" : body);
        return true;
    }

    void fail(String jobUuid, Throwable cause) {
        CompletableFuture<String> job = jobs.remove(jobUuid);
        if (job != null) {
            job.completeExceptionally(cause);
        }
    }

    void failAll(Throwable cause) {
        for (String id : jobs.keySet()) {
            fail(id, cause);
        }
    }

    int size() {
        return jobs.size();
    }
}
