package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

final class JdbcHistoryStore implements HistoryStore {
    private static final String COLUMNS = "id, time, pipe_name, event, message, user_id";
    /** An entry with its channel's epoch: rows read name their columns through the alias m. */
    private static final String SELECT = "SELECT m.id, m.time, m.pipe_name, m.event, m.message, m.user_id,"
            + " m.msg_offset, s.epoch FROM pipe_messages m LEFT JOIN pipe_streams s"
            + " ON s.dev_id = m.dev_id AND s.pipe_name = m.pipe_name";

    private final Jdbc jdbc;

    JdbcHistoryStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(int devId, HistoryEntry e, int keep) {
        // Autocommit statements, no transaction: row locks are held briefly, and a trim racing another publish to
        // the same channel only leaves the history one message longer until the next publish.
        jdbc.withConnection(connection -> {
            Jdbc.update(connection, "INSERT INTO pipe_messages (dev_id, " + COLUMNS + ", msg_offset)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", devId, e.id(), e.time(), e.pipe(), e.event(), e.message(),
                    e.userId(), e.offset());
            if (e.offset() > 0) {
                // offsets are contiguous in an epoch (issue #13: one INSERT and one DELETE per publication); rows
                // kept before offsets existed have 0 and go once the channel has given keep offsets
                Jdbc.update(connection, "DELETE FROM pipe_messages WHERE dev_id = ? AND pipe_name = ?"
                        + " AND msg_offset <= ?", devId, e.pipe(), e.offset() - keep);
                return null;
            }
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
    public Stream stream(int devId, String pipe) {
        return jdbc.withConnection(connection -> {
            List<Stream> row = Jdbc.query(connection, "SELECT epoch, top_offset FROM pipe_streams WHERE dev_id = ?"
                    + " AND pipe_name = ?", r -> new Stream(r.getString(1), r.getLong(2)), devId, pipe);
            List<Long> kept = Jdbc.query(connection, "SELECT MAX(msg_offset) FROM pipe_messages WHERE dev_id = ?"
                    + " AND pipe_name = ?", r -> r.getLong(1), devId, pipe);
            long keptTop = kept.isEmpty() ? 0 : kept.get(0);
            return row.isEmpty() ? new Stream(null, keptTop)
                    : new Stream(row.get(0).epoch(), Math.max(row.get(0).top(), keptTop));
        });
    }

    @Override
    public void createStream(int devId, String pipe, String epoch, long top) {
        jdbc.withConnection(connection -> {
            Jdbc.update(connection, "DELETE FROM pipe_streams WHERE dev_id = ? AND pipe_name = ?", devId, pipe);
            return Jdbc.update(connection, "INSERT INTO pipe_streams (dev_id, pipe_name, epoch, top_offset)"
                    + " VALUES (?, ?, ?, ?)", devId, pipe, epoch, top);
        });
    }

    @Override
    public List<HistoryEntry> read(int devId, Collection<String> pipes, int limitPerPipe) {
        List<HistoryEntry> result = new ArrayList<>();
        jdbc.withConnection(connection -> {
            for (String pipe : pipes) {
                List<HistoryEntry> newestFirst = Jdbc.query(connection, SELECT + " WHERE m.dev_id = ?"
                        + " AND m.pipe_name = ? ORDER BY m.seq DESC LIMIT ?", JdbcHistoryStore::row,
                        devId, pipe, limitPerPipe);
                Collections.reverse(newestFirst);
                result.addAll(newestFirst);
            }
            return null;
        });
        return result;
    }

    @Override
    public List<HistoryEntry> after(int devId, String pipe, long offset, int limit) {
        return jdbc.query(SELECT + " WHERE m.dev_id = ? AND m.pipe_name = ? AND m.msg_offset > ?"
                + " ORDER BY m.msg_offset LIMIT ?", JdbcHistoryStore::row, devId, pipe, offset, limit);
    }

    @Override
    public List<HistoryEntry> all(int devId, int limit) {
        return jdbc.query(SELECT + " WHERE m.dev_id = ? ORDER BY m.seq LIMIT ?", JdbcHistoryStore::row, devId, limit);
    }

    @Override
    public int deletePipes(int devId, Collection<String> pipes) {
        if (pipes.isEmpty()) {
            return 0;
        }
        jdbc.updateIn("DELETE FROM pipe_streams WHERE dev_id = ? AND pipe_name IN (", devId, pipes);
        return jdbc.updateIn("DELETE FROM pipe_messages WHERE dev_id = ? AND pipe_name IN (", devId, pipes);
    }

    @Override
    public int deleteIds(int devId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Set<String> pipes = new LinkedHashSet<>(jdbc.queryIn("SELECT pipe_name FROM pipe_messages WHERE dev_id = ?"
                + " AND id IN (", r -> r.getString(1), devId, ids));
        int removed = jdbc.updateIn("DELETE FROM pipe_messages WHERE dev_id = ? AND id IN (", devId, ids);
        if (!pipes.isEmpty()) {
            jdbc.updateIn("DELETE FROM pipe_streams WHERE dev_id = ? AND pipe_name IN (", devId, pipes);
        }
        return removed;
    }

    private static HistoryEntry row(ResultSet r) throws SQLException {
        return new HistoryEntry(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6), r.getLong(7), r.getString(8));
    }
}
