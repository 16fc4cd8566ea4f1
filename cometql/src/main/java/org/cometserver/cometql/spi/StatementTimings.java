package org.cometserver.cometql.spi;

/**
 * Told of every statement executed (text or prepared) when it completes, for the host's metrics. Called on the
 * thread that completed the statement (event loop or executor): it must be quick and must never block.
 */
@FunctionalInterface
public interface StatementTimings {
    /** The table of a statement that names none: {@code SELECT 1}, {@code SET}, {@code SHOW}, {@code USE}. */
    String NO_TABLE = "none";
    /** The table of a statement naming a table CometQL does not have, or refused unread (too short, too long). */
    String OTHER_TABLE = "other";

    StatementTimings NONE = (table, nanos, ok) -> { };

    /**
     * @param table the first table the statement touches: a CometQL table name ({@code pipes_messages}, …),
     *              {@link #NO_TABLE} or {@link #OTHER_TABLE}, so a small fixed set (the same instances each time,
     *              taken from the cached plan: nothing is built per statement)
     * @param nanos from the statement's arrival to its result or error
     * @param ok    false when the client got an error packet
     */
    void completed(String table, long nanos, boolean ok);
}
