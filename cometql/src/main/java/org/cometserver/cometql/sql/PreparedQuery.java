package org.cometserver.cometql.sql;

import java.util.List;

/** A statement planned by {@link QueryEngine#prepare}; the protocol layer keeps it under its statement id. */
public interface PreparedQuery {
    /** Number of {@code ?} placeholders. */
    int parameterCount();

    /** Columns of the result set, empty for statements that answer with OK. */
    List<ResultColumn> columns();
}
