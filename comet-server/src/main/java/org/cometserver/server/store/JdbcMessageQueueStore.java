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
    public List<QueuedMessage> take(int devId, long userId, long now) {
        return jdbc.inTransaction(connection -> {
            List<SeqMessage> rows = Jdbc.query(connection, "SELECT " + COLUMNS + ", seq FROM users_messages"
                    + " WHERE dev_id = ? AND user_id = ? ORDER BY seq", r -> new SeqMessage(row(r), r.getLong(8)),
                    devId, userId);
            if (rows.isEmpty()) {
                return List.of();
            }
            // Only rows read above are deleted, so a message queued meanwhile waits for the next login.
            long lastSeq = rows.get(rows.size() - 1).seq();
            Jdbc.update(connection, "DELETE FROM users_messages WHERE dev_id = ? AND user_id = ? AND seq <= ?",
                    devId, userId, lastSeq);
            return rows.stream().map(SeqMessage::message).filter(m -> m.expiresAt() > now).toList();
        });
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

    private record SeqMessage(QueuedMessage message, long seq) {
    }

    private static QueuedMessage row(ResultSet r) throws SQLException {
        return new QueuedMessage(r.getString(1), r.getInt(2), r.getLong(3), r.getLong(4), r.getLong(5),
                r.getString(6), r.getString(7));
    }
}
