package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

import java.util.function.Supplier;

/**
 * Stops one running statement: its deadline ({@code max_execution_time}) and a reason set from another thread
 * ({@code KILL QUERY}, the client went away). Java cannot stop a thread from outside, so every row a table scan
 * yields and every row the engine reads calls {@link #check}, which throws the reason: a runaway join ends within
 * a row of being cancelled and frees its executor thread.
 */
public final class StatementCancel {
    private static final ThreadLocal<StatementCancel> CURRENT = new ThreadLocal<>();
    /** Never cancelled: for statements run outside the engine's executors. */
    private static final StatementCancel NONE = new StatementCancel(0);

    private final long deadlineNanos;
    private final boolean hasDeadline;
    private volatile CometQlException reason;

    /** @param timeoutMillis the statement's time limit; 0: none */
    public StatementCancel(long timeoutMillis) {
        this.hasDeadline = timeoutMillis > 0;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    /** Stops the statement with {@code why} at its next check; a statement cancelled already keeps its first reason. */
    public void cancel(CometQlException why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** Throws the reason once the statement was cancelled or ran out of time. */
    public void check() {
        CometQlException why = reason;
        if (why == null && hasDeadline && System.nanoTime() - deadlineNanos >= 0) {
            cancel(CometQlErrors.maxExecutionTimeExceeded());
            why = reason;
        }
        if (why != null) {
            throw why;
        }
    }

    /** Runs {@code work} with this cancel bound to the current thread, where the tables' scans find it. */
    public <T> T bind(Supplier<T> work) {
        StatementCancel previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    /** The cancel of the statement running on this thread; null outside one (tests of a table alone). */
    static StatementCancel current() {
        return CURRENT.get();
    }

    /** The cancel of the statement running on this thread, or one that is never cancelled. */
    public static StatementCancel currentOrNone() {
        StatementCancel cancel = CURRENT.get();
        return cancel == null ? NONE : cancel;
    }
}
