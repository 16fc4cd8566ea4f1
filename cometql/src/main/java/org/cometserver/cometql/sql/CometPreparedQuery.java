package org.cometserver.cometql.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A prepared statement: its digest (literals and placeholders) and the result columns known at prepare time. */
record CometPreparedQuery(SqlDigest digest, List<ResultColumn> columns) implements PreparedQuery {

    @Override
    public int parameterCount() {
        return digest.placeholderCount();
    }

    /** The digest's values with the placeholders replaced by {@code parameters}, in order. */
    List<Object> bind(List<Object> parameters) {
        List<Object> values = new ArrayList<>(digest.values().size());
        int next = 0;
        for (Object value : digest.values()) {
            if (value == SqlDigest.PLACEHOLDER) {
                Object parameter = parameters.get(next++);
                values.add(parameter instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : parameter);
            } else {
                values.add(value);
            }
        }
        return values;
    }
}
