package org.cometserver.server.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code [calls] offline_hook}: tells the backend that a callee has no connection, so it can send a push
 * notification. Asynchronous on a small bounded executor of its own; at most {@value #MAX_IN_FLIGHT} requests wait at
 * once (more are answered "no push sent" at once): never blocks a caller's thread.
 */
final class OfflineHook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OfflineHook.class);
    static final int MAX_IN_FLIGHT = 64;

    private final URI uri;
    private final Duration timeout;
    private final ThreadPoolExecutor executor;
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final RateLimitedLog failures;

    OfflineHook(URI uri, Duration timeout, Clock clock) {
        this.uri = uri;
        this.timeout = timeout;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4 * MAX_IN_FLIGHT),
                task -> {
                    Thread thread = new Thread(task, "p2p-offline-hook-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.failures = new RateLimitedLog(log, Duration.ofSeconds(10), clock);
    }

    /** Completes with whether the backend answered 2xx within the timeout; never exceptionally. */
    CompletableFuture<Boolean> notify(int devId, P2pSession session, long userId) {
        if (!inFlight.tryAcquire()) {
            failures.warn("[calls] offline_hook: {} requests already waiting; user {} reported not answered",
                    MAX_IN_FLIGHT, userId);
            return CompletableFuture.completedFuture(false);
        }
        ObjectNode body = CallSignal.JSON.createObjectNode();
        body.put("dev_id", devId);
        body.put("session_id", session.id);
        body.put("caller_id", session.callerId);
        body.put("user_id", userId);
        body.put("call_type", session.callType);
        try {
            body.set("user_info", session.userInfo.isEmpty() ? CallSignal.JSON.createObjectNode()
                    : CallSignal.JSON.readTree(session.userInfo));
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(CallSignal.JSON.writeValueAsBytes(body))).build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                inFlight.release();
                if (error != null) {
                    failures.warn("[calls] offline_hook {} failed: {}", uri, error.toString());
                    return false;
                }
                return response.statusCode() / 100 == 2;
            });
        } catch (JsonProcessingException | RejectedExecutionException | IllegalArgumentException e) {
            inFlight.release();
            failures.warn("[calls] offline_hook {} not called: {}", uri, e.toString());
            return CompletableFuture.completedFuture(false);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
