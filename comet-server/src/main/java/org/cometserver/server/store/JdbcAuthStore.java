package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

final class JdbcAuthStore implements AuthStore {
    private final Jdbc jdbc;

    JdbcAuthStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(int devId, long userId, String hash, long expires, String room) {
        jdbc.update("INSERT INTO users_auth (dev_id, user_id, hash, expires, room) VALUES (?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE hash = VALUES(hash), expires = VALUES(expires), room = VALUES(room)",
                devId, userId, hash, expires, room);
    }

    @Override
    public List<TemporaryUser> expired(long now, int limit) {
        return jdbc.query("SELECT dev_id, user_id, expires, room, hash FROM users_auth WHERE expires > 0 AND expires <= ?"
                + " ORDER BY expires LIMIT ?", JdbcAuthStore::temporary, now, limit);
    }

    @Override
    public List<TemporaryUser> boundTo(int devId, String room) {
        return jdbc.query("SELECT dev_id, user_id, expires, room, hash FROM users_auth WHERE dev_id = ? AND room = ?",
                JdbcAuthStore::temporary, devId, room);
    }

    private static TemporaryUser temporary(ResultSet r) throws SQLException {
        return new TemporaryUser(r.getInt(1), r.getLong(2), r.getLong(3), r.getString(4), r.getString(5));
    }

    @Override
    public Map<Long, String> get(int devId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return Jdbc.toMap(jdbc.queryIn("SELECT user_id, hash FROM users_auth WHERE dev_id = ? AND user_id IN (",
                JdbcAuthStore::row, devId, userIds));
    }

    @Override
    public Map<Long, String> all(int devId, int limit) {
        return Jdbc.toMap(jdbc.query("SELECT user_id, hash FROM users_auth WHERE dev_id = ? ORDER BY user_id LIMIT ?",
                JdbcAuthStore::row, devId, limit));
    }

    @Override
    public int delete(int devId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return 0;
        }
        return jdbc.updateIn("DELETE FROM users_auth WHERE dev_id = ? AND user_id IN (", devId, userIds);
    }

    private static Map.Entry<Long, String> row(ResultSet r) throws SQLException {
        return Map.entry(r.getLong(1), r.getString(2));
    }
}
