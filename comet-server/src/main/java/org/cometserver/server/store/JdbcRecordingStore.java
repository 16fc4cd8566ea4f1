package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

final class JdbcRecordingStore implements RecordingStore {
    private static final String COLUMNS = "dev_id, room, path, started, ended, size, node";

    private final Jdbc jdbc;

    JdbcRecordingStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void started(StoredRecording r) {
        jdbc.update("INSERT INTO conference_recordings (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE room = VALUES(room), started = VALUES(started),"
                        + " ended = VALUES(ended), size = VALUES(size), node = VALUES(node)",
                r.devId(), r.room(), r.path(), r.started(), r.ended(), r.size(), r.node());
    }

    @Override
    public boolean stopped(int devId, String path, long ended, long size) {
        return jdbc.update("UPDATE conference_recordings SET ended = ?, size = ? WHERE dev_id = ? AND path = ?",
                ended, size, devId, path) > 0;
    }

    @Override
    public List<StoredRecording> get(int devId, Collection<String> rooms) {
        if (rooms.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_recordings WHERE dev_id = ? AND room IN ("
                        + Jdbc.placeholders(rooms.size()) + ") ORDER BY room, started, path", JdbcRecordingStore::row,
                Jdbc.params(devId, rooms));
    }

    @Override
    public List<StoredRecording> all(int devId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_recordings WHERE dev_id = ?"
                + " ORDER BY room, started, path LIMIT ?", JdbcRecordingStore::row, devId, limit);
    }

    @Override
    public int delete(int devId, String room, Collection<String> paths) {
        if (paths == null) {
            return jdbc.update("DELETE FROM conference_recordings WHERE dev_id = ? AND room = ?", devId, room);
        }
        if (paths.isEmpty()) {
            return 0;
        }
        return jdbc.update("DELETE FROM conference_recordings WHERE dev_id = ? AND room = ? AND path IN ("
                + Jdbc.placeholders(paths.size()) + ")", Jdbc.params(devId, List.of(room), paths.toArray()));
    }

    private static StoredRecording row(ResultSet r) throws SQLException {
        return new StoredRecording(r.getInt(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                r.getLong(6), r.getString(7));
    }
}
