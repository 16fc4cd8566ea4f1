package org.cometserver.cometql.sql;

import java.util.List;

/** The outcome of one statement: an OK packet or a result set. */
public sealed interface StatementResult permits StatementResult.Ok, StatementResult.Rows {

    /** OK packet: affected rows, last insert id and an optional human-readable info string. */
    record Ok(long affectedRows, long lastInsertId, String info) implements StatementResult {
        public static final Ok EMPTY = new Ok(0, 0, "");

        public Ok(long affectedRows, long lastInsertId) {
            this(affectedRows, lastInsertId, "");
        }
    }

    /**
     * A result set. Every value is text or {@code null}: as in CppComet every column is sent as a
     * VAR_STRING (utf8), which every MySQL client converts as it would a string column.
     */
    record Rows(List<ResultColumn> columns, List<String[]> rows) implements StatementResult {
    }
}
