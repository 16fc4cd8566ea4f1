package org.cometserver.cometql.sql;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The logged-in connections by connection id, for {@code SHOW FULL PROCESSLIST} and {@code KILL}. Thread-safe. */
final class SessionRegistry {
    private final ConcurrentHashMap<Long, SqlSession> sessions = new ConcurrentHashMap<>();

    void add(SqlSession session) {
        sessions.put(session.connectionId(), session);
    }

    void remove(SqlSession session) {
        sessions.remove(session.connectionId(), session);
    }

    /** The session with this connection id, or null. */
    SqlSession get(long connectionId) {
        return sessions.get(connectionId);
    }

    /** The sessions of one dev_id, by connection id. */
    List<SqlSession> ofDevId(int devId) {
        return sessions.values().stream().filter(s -> s.devId() == devId)
                .sorted((a, b) -> Long.compare(a.connectionId(), b.connectionId())).toList();
    }
}
