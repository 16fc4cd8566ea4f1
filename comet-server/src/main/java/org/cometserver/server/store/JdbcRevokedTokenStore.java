package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

final class JdbcRevokedTokenStore implements RevokedTokenStore {
    private final Jdbc jdbc;

    JdbcRevokedTokenStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(int devId, String token, long time) {
        jdbc.update("INSERT INTO revoked_tokens (dev_id, token, time) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE time = VALUES(time)", devId, token, time);
    }

    @Override
    public List<String> get(int devId, Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        return jdbc.queryIn("SELECT token FROM revoked_tokens WHERE dev_id = ? AND token IN (", r -> r.getString(1),
                devId, tokens);
    }

    @Override
    public List<String> all(int devId, int limit) {
        return jdbc.query("SELECT token FROM revoked_tokens WHERE dev_id = ? ORDER BY token LIMIT ?",
                r -> r.getString(1), devId, limit);
    }

    @Override
    public int delete(int devId, Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return jdbc.updateIn("DELETE FROM revoked_tokens WHERE dev_id = ? AND token IN (", devId, tokens);
    }
}
