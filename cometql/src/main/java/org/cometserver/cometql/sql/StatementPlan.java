package org.cometserver.cometql.sql;

import org.cometserver.cometql.table.QueryContext;

import java.util.List;

/** A statement digest compiled once (see {@link PlanCache}) and executed many times with new values. */
interface StatementPlan {

    /** Runs the statement with the digest's values (literals and bound parameters, in order). */
    StatementResult execute(QueryContext context, List<Object> values);

    /**
     * Runs the statement here, on the caller's thread (a Netty event loop), when with these values it only calls
     * spi methods documented as non-blocking; otherwise does nothing and returns null, and the caller runs
     * {@link #execute} where blocking is allowed.
     */
    default StatementResult executeInline(QueryContext context, List<Object> values) {
        return null;
    }

    /** Whether it may read many rows and so runs on the scan executor ({@link StatementPlanner#scans}). */
    default boolean scans() {
        return false;
    }

    /**
     * The first table the statement touches, for metrics: a CometQL table's name, or
     * {@link org.cometserver.cometql.spi.StatementTimings#NO_TABLE}. Fixed when the plan is compiled.
     */
    String table();

    /** Result columns, empty for statements answered with OK (or not known before execution). */
    List<ResultColumn> columns();
}
