package org.cometserver.esl.client;

import org.cometserver.esl.codec.EslCommand;
import org.cometserver.esl.codec.EslMessage;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Commands written on one connection, waiting for their reply. mod_event_socket answers strictly in order, one
 * {@code command/reply} or {@code api/response} per command, so each reply completes the head. Confined to the
 * connection's event loop (no locks). A command that times out stays queued: its late reply must still be consumed so
 * the next reply goes to the next command.
 */
final class PendingReplies {

    /** Beyond this, FreeSWITCH is not keeping up; refusing protects memory and makes the caller see it. */
    static final int MAX_PENDING = 10_000;

    private record Entry(EslCommand command, CompletableFuture<EslMessage> reply, ScheduledFuture<?> timeout) {
    }

    private final ArrayDeque<Entry> queue = new ArrayDeque<>();

    boolean isFull() {
        return queue.size() >= MAX_PENDING;
    }

    void add(EslCommand command, CompletableFuture<EslMessage> reply, ScheduledFuture<?> timeout) {
        queue.add(new Entry(command, reply, timeout));
    }

    /** Completes the oldest command with {@code message}; false if no command was waiting (a protocol error). */
    boolean complete(EslMessage message) {
        Entry head = queue.poll();
        if (head == null) {
            return false;
        }
        if (head.timeout() != null) {
            head.timeout().cancel(false);
        }
        head.reply().complete(message);
        return true;
    }

    void failAll(Throwable cause) {
        Entry e;
        while ((e = queue.poll()) != null) {
            if (e.timeout() != null) {
                e.timeout().cancel(false);
            }
            e.reply().completeExceptionally(cause);
        }
    }
}
