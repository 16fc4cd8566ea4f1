package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

final class JdbcMessageQueueStore implements MessageQueueStore {
    private static final String COLUMNS = "id, dev_id, user_id, time, expires_at, event, message";

    private final Jdbc jdbc;

    JdbcMessageQueueStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void push(QueuedMessage m) {
        jdbc.update("INSERT INTO users_messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                m.id(), m.devId(), m.userId(), m.time(), m.expiresAt(), m.event(), m.message());
    }

    @Override
    public List<QueuedMessage> peek(int devId, Collection<Long> userIds, long now) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM users_messages WHERE dev_id = ? AND user_id IN ("
                        + Jdbc.placeholders(userIds.size()) + ") AND expires_at > ? ORDER BY seq",
                JdbcMessageQueueStore::row, Jdbc.params(devId, userIds, now));
    }

    @Override
    public List<QueuedMessage> all(int devId, int limit, long now) {
        return jdbc.query("SELECT " + COLUMNS + " FROM users_messages WHERE dev_id = ? AND expires_at > ?"
                + " ORDER BY seq LIMIT ?", JdbcMessageQueueStore::row, devId, now, limit);
    }

    @Override
    public List<QueuedEntry> since(int devId, long userId, long afterSeq, long now) {
        return jdbc.query("SELECT " + COLUMNS + ", seq FROM users_messages WHERE dev_id = ? AND user_id = ? AND seq > ?"
                        + " AND expires_at > ? ORDER BY seq", r -> new QueuedEntry(r.getLong(8), row(r)),
                devId, userId, afterSeq, now);
    }

    @Override
    public int deleteUpTo(int devId, long userId, long seq) {
        return jdbc.update("DELETE FROM users_messages WHERE dev_id = ? AND user_id = ? AND seq <= ?",
                devId, userId, seq);
    }

    @Override
    public long size() {
        return jdbc.query("SELECT COUNT(*) FROM users_messages", row -> row.getLong(1)).get(0);
    }

    @Override
    public int clear(int devId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return 0;
        }
        return jdbc.updateIn("DELETE FROM users_messages WHERE dev_id = ? AND user_id IN (", devId, userIds);
    }

    @Override
    public int purgeExpired(long now) {
        return jdbc.update("DELETE FROM users_messages WHERE expires_at <= ?", now);
    }

    private static QueuedMessage row(ResultSet r) throws SQLException {
        return new QueuedMessage(r.getString(1), r.getInt(2), r.getLong(3), r.getLong(4), r.getLong(5),
                r.getString(6), r.getString(7));
    }
}
