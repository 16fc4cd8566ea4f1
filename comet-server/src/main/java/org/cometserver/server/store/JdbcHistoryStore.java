package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

final class JdbcHistoryStore implements HistoryStore {
    private static final String COLUMNS = "id, time, pipe_name, event, message, user_id";

    private final Jdbc jdbc;

    JdbcHistoryStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(int devId, HistoryEntry e, int keep) {
        // Autocommit statements, no transaction: row locks are held briefly, and a trim racing another publish to
        // the same channel only leaves the history one message longer until the next publish.
        jdbc.withConnection(connection -> {
            Jdbc.update(connection, "INSERT INTO pipe_messages (dev_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                    devId, e.id(), e.time(), e.pipe(), e.event(), e.message(), e.userId());
            // Two-step trim (docs/DEPENDENCIES.md §5): find the newest row past the limit, then delete it and older ones.
            List<Long> boundary = Jdbc.query(connection, "SELECT seq FROM pipe_messages WHERE dev_id = ?"
                    + " AND pipe_name = ? ORDER BY seq DESC LIMIT 1 OFFSET ?", r -> r.getLong(1), devId, e.pipe(), keep);
            if (!boundary.isEmpty()) {
                Jdbc.update(connection, "DELETE FROM pipe_messages WHERE dev_id = ? AND pipe_name = ? AND seq <= ?",
                        devId, e.pipe(), boundary.get(0));
            }
            return null;
        });
    }

    @Override
    public List<HistoryEntry> read(int devId, Collection<String> pipes, int limitPerPipe) {
        List<HistoryEntry> result = new ArrayList<>();
        jdbc.withConnection(connection -> {
            for (String pipe : pipes) {
                List<HistoryEntry> newestFirst = Jdbc.query(connection, "SELECT " + COLUMNS + " FROM pipe_messages"
                        + " WHERE dev_id = ? AND pipe_name = ? ORDER BY seq DESC LIMIT ?", JdbcHistoryStore::row,
                        devId, pipe, limitPerPipe);
                Collections.reverse(newestFirst);
                result.addAll(newestFirst);
            }
            return null;
        });
        return result;
    }

    @Override
    public List<HistoryEntry> all(int devId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pipe_messages WHERE dev_id = ? ORDER BY seq LIMIT ?",
                JdbcHistoryStore::row, devId, limit);
    }

    @Override
    public int deletePipes(int devId, Collection<String> pipes) {
        if (pipes.isEmpty()) {
            return 0;
        }
        return jdbc.updateIn("DELETE FROM pipe_messages WHERE dev_id = ? AND pipe_name IN (", devId, pipes);
    }

    @Override
    public int deleteIds(int devId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.updateIn("DELETE FROM pipe_messages WHERE dev_id = ? AND id IN (", devId, ids);
    }

    private static HistoryEntry row(ResultSet r) throws SQLException {
        return new HistoryEntry(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6));
    }
}
