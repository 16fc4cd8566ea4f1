package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.esl.EslCommandException;
import org.cometserver.esl.NodeDownException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A statement's bounded wait for FreeSWITCH's answers (conference commands, call commands, originates): on a CometQL
 * executor thread, never on an event loop; FreeSWITCH's refusal, a node that is down or no answer in time become the
 * statement's ERR packet with FreeSWITCH's text.
 */
public final class FreeswitchWait {

    private FreeswitchWait() {
    }

    /** Waits for every future, at most {@code wait} in all; the first failure is thrown as a CometQL error. */
    public static void await(List<? extends CompletableFuture<?>> futures, Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (CompletableFuture<?> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw refused(what, e.getCause());
            } catch (TimeoutException e) {
                throw new CometQlException(CometQlErrors.INTERNAL,
                        "FreeSWITCH did not answer " + what + " within " + wait.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CometQlException(CometQlErrors.INTERNAL, "interrupted while waiting for FreeSWITCH");
            }
        }
    }

    /** {@code cause} (a future's failure) as the statement's error. */
    public static CometQlException refused(String what, Throwable cause) {
        if (cause instanceof EslCommandException refused) {
            return new CometQlException(CometQlErrors.INTERNAL,
                    "FreeSWITCH " + refused.node() + " refused " + what + ": " + refused.reply());
        }
        if (cause instanceof NodeDownException down) {
            return new CometQlException(CometQlErrors.INTERNAL, "cannot " + what + ": " + down.getMessage());
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return new CometQlException(CometQlErrors.INVALID_DATA, invalid.getMessage());
        }
        return new CometQlException(CometQlErrors.INTERNAL, "cannot " + what + ": " + cause);
    }
}
