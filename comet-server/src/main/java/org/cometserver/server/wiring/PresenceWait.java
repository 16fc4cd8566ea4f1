package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A statement's bounded wait for a presence answer ({@code pipes} counts, {@code users_in_pipes}, online users): on a
 * CometQL executor thread (or the store executor), never on an event loop. No answer in time, or presence out of
 * reach ({@link org.cometserver.server.broker.BrokerUnavailableException}), becomes the statement's ERR.
 */
final class PresenceWait {
    /** Longer than any local answer (immediate) and than a Redis round trip with its reconnects. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private PresenceWait() {
    }

    static <T> T await(CompletableFuture<T> answer, Duration wait, String what) {
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CometQlException(CometQlErrors.INTERNAL, "cannot read " + what + ": "
                    + (e.getCause() == null ? e : e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw new CometQlException(CometQlErrors.INTERNAL,
                    "presence did not answer " + what + " within " + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CometQlException(CometQlErrors.INTERNAL, "interrupted while reading " + what);
        }
    }
}
