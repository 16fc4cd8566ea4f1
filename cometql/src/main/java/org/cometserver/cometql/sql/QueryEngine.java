package org.cometserver.cometql.sql;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the MySQL protocol layer asks of the SQL layer. The protocol layer never runs SQL itself and never
 * blocks: every call returns a stage that the engine completes, either at once (cheap, non-blocking statements
 * such as a publish to a channel without history) or later from the engine's own executor (anything touching
 * the store or needing Calcite planning). Failures complete the stage exceptionally with a
 * {@link org.cometserver.cometql.error.CometQlException}; any other exception is an internal error.
 */
public interface QueryEngine {

    /** Runs one COM_QUERY text. */
    CompletionStage<StatementResult> execute(SqlSession session, String sql);

    /** COM_STMT_PREPARE: parses and plans {@code sql} with {@code ?} placeholders. */
    CompletionStage<PreparedQuery> prepare(SqlSession session, String sql);

    /**
     * COM_STMT_EXECUTE: runs a statement from {@link #prepare} with its bound values. Values are {@code null},
     * {@link Long}, {@link Double}, {@link java.math.BigDecimal}, {@link String} or {@code byte[]} as decoded from
     * the binary protocol.
     */
    CompletionStage<StatementResult> executePrepared(SqlSession session, PreparedQuery query, List<Object> parameters);

    /** COM_INIT_DB (and {@code USE db}): accepts {@code CometQL_v1} and {@code db_N}; throws error 15 otherwise. */
    void useDatabase(SqlSession session, String database);

    /** COM_FIELD_LIST: the columns of a table, empty when the table does not exist. Non-blocking. */
    List<ResultColumn> fieldList(SqlSession session, String table);

    /** A connection logged in: it is listed by {@code SHOW FULL PROCESSLIST} and may be killed. */
    default void opened(SqlSession session) {
    }

    /** A connection closed: its running statement, if any, is cancelled. */
    default void closed(SqlSession session) {
    }
}
