package org.cometserver.server.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers shared by the table stores: parameter binding, row mapping, IN lists. */
final class Jdbc {
    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    int update(String sql, Object... params) {
        return withConnection(connection -> update(connection, sql, params));
    }

    <T> List<T> query(String sql, RowReader<T> reader, Object... params) {
        return withConnection(connection -> query(connection, sql, reader, params));
    }

    <T> T withConnection(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("store: " + e.getMessage(), e);
        }
    }

    static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    static <T> List<T> query(Connection connection, String sql, RowReader<T> reader, Object... params)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(reader.read(rows));
                }
                return result;
            }
        }
    }

    /** Key/value rows as a map in row order. */
    static <V> Map<Long, V> toMap(List<Map.Entry<Long, V>> rows) {
        Map<Long, V> map = new LinkedHashMap<>();
        rows.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    /** Most values bound in one IN list: H2 takes at most 100,000 parameters per statement, MariaDB 65,535. */
    static final int MAX_IN_LIST = 10_000;

    /**
     * Runs {@code sqlUpToIn} ({@code … IN (}) with {@code head} and an IN list of {@code values}, closed by
     * {@code )}, once per {@link #MAX_IN_LIST} values; the rows of every run in order.
     */
    <T> List<T> queryIn(String sqlUpToIn, RowReader<T> reader, Object head, Collection<?> inValues) {
        List<?> values = new ArrayList<>(inValues);
        List<T> rows = new ArrayList<>();
        for (int from = 0; from < values.size(); from += MAX_IN_LIST) {
            List<?> chunk = values.subList(from, Math.min(values.size(), from + MAX_IN_LIST));
            rows.addAll(query(sqlUpToIn + placeholders(chunk.size()) + ")", reader, params(head, chunk)));
        }
        return rows;
    }

    /** As {@link #queryIn} for an update: the rows changed by every run. */
    int updateIn(String sqlUpToIn, Object head, Collection<?> inValues) {
        List<?> values = new ArrayList<>(inValues);
        int changed = 0;
        for (int from = 0; from < values.size(); from += MAX_IN_LIST) {
            List<?> chunk = values.subList(from, Math.min(values.size(), from + MAX_IN_LIST));
            changed += update(sqlUpToIn + placeholders(chunk.size()) + ")", params(head, chunk));
        }
        return changed;
    }

    /** {@code ?,?,?} for an IN list of {@code count} values. */
    static String placeholders(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    /** The parameters {@code head..., values..., tail...} in order. */
    static Object[] params(Object head, Collection<?> values, Object... tail) {
        List<Object> all = new ArrayList<>(values.size() + tail.length + 1);
        all.add(head);
        all.addAll(values);
        all.addAll(List.of(tail));
        return all.toArray();
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
