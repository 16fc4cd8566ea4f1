package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

final class JdbcUserDataStore implements UserDataStore {
    private final Jdbc jdbc;

    JdbcUserDataStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(int devId, long userId, String data) {
        jdbc.update("INSERT INTO users_data (dev_id, user_id, data) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE data = VALUES(data)", devId, userId, data);
    }

    @Override
    public Map<Long, String> get(int devId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return Jdbc.toMap(jdbc.queryIn("SELECT user_id, data FROM users_data WHERE dev_id = ? AND user_id IN (",
                JdbcUserDataStore::row, devId, userIds));
    }

    @Override
    public Map<Long, String> all(int devId, int limit) {
        return Jdbc.toMap(jdbc.query("SELECT user_id, data FROM users_data WHERE dev_id = ?"
                + " ORDER BY user_id LIMIT ?", JdbcUserDataStore::row, devId, limit));
    }

    @Override
    public int delete(int devId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return 0;
        }
        return jdbc.updateIn("DELETE FROM users_data WHERE dev_id = ? AND user_id IN (", devId, userIds);
    }

    private static Map.Entry<Long, String> row(ResultSet r) throws SQLException {
        return Map.entry(r.getLong(1), r.getString(2));
    }
}
