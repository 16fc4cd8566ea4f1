package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

final class JdbcConferenceStore implements ConferenceStore {
    private static final String COLUMNS = "dev_id, name, user_id, caller_id, message, profile, stream, node, time";

    private final Jdbc jdbc;

    JdbcConferenceStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(StoredInvitation i) {
        jdbc.update("INSERT INTO conference (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE caller_id = VALUES(caller_id), message = VALUES(message),"
                        + " profile = VALUES(profile), stream = VALUES(stream), node = VALUES(node),"
                        + " time = VALUES(time)",
                i.devId(), i.name(), i.userId(), i.callerId(), i.message(), i.profile(), i.stream(), i.node(),
                i.time());
    }

    @Override
    public List<StoredInvitation> get(int devId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM conference WHERE dev_id = ? AND name IN ("
                        + Jdbc.placeholders(names.size()) + ") ORDER BY name, user_id", JdbcConferenceStore::row,
                Jdbc.params(devId, names));
    }

    @Override
    public List<StoredInvitation> all(int devId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM conference WHERE dev_id = ? ORDER BY name, user_id LIMIT ?",
                JdbcConferenceStore::row, devId, limit);
    }

    @Override
    public int delete(int devId, String name, Collection<Long> userIds) {
        if (userIds == null) {
            return jdbc.update("DELETE FROM conference WHERE dev_id = ? AND name = ?", devId, name);
        }
        if (userIds.isEmpty()) {
            return 0;
        }
        return jdbc.update("DELETE FROM conference WHERE dev_id = ? AND name = ? AND user_id IN ("
                + Jdbc.placeholders(userIds.size()) + ")", Jdbc.params(devId, List.of(name), userIds.toArray()));
    }

    private static StoredInvitation row(ResultSet r) throws SQLException {
        return new StoredInvitation(r.getInt(1), r.getString(2), r.getLong(3), r.getLong(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getLong(9));
    }
}
