package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

final class JdbcOnlineTimeStore implements OnlineTimeStore {
    private final Jdbc jdbc;

    JdbcOnlineTimeStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(int devId, long userId, long time) {
        jdbc.update("INSERT INTO users_time (dev_id, user_id, time) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE time = VALUES(time)", devId, userId, time);
    }

    @Override
    public Map<Long, Long> get(int devId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return Jdbc.toMap(jdbc.queryIn("SELECT user_id, time FROM users_time WHERE dev_id = ? AND user_id IN (",
                JdbcOnlineTimeStore::row, devId, userIds));
    }

    @Override
    public Map<Long, Long> all(int devId, int limit) {
        return Jdbc.toMap(jdbc.query("SELECT user_id, time FROM users_time WHERE dev_id = ?"
                + " ORDER BY user_id LIMIT ?", JdbcOnlineTimeStore::row, devId, limit));
    }

    private static Map.Entry<Long, Long> row(ResultSet r) throws SQLException {
        return Map.entry(r.getLong(1), r.getLong(2));
    }
}
