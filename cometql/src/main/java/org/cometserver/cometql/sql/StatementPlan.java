package org.cometserver.cometql.sql;

import org.cometserver.cometql.table.QueryContext;

import java.util.List;

/** A statement digest compiled once (see {@link PlanCache}) and executed many times with new values. */
interface StatementPlan {

    /** Runs the statement with the digest's values (literals and bound parameters, in order). */
    StatementResult execute(QueryContext context, List<Object> values);

    /**
     * Whether running with these values only calls spi methods documented as non-blocking, so the caller's
     * thread (a Netty event loop) may run it.
     */
    default boolean runsInline(QueryContext context, List<Object> values) {
        return false;
    }

    /** Result columns, empty for statements answered with OK (or not known before execution). */
    List<ResultColumn> columns();
}
