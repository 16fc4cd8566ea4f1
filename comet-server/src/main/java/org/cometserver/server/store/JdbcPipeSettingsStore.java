package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

final class JdbcPipeSettingsStore implements PipeSettingsStore {
    private final Jdbc jdbc;

    JdbcPipeSettingsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(int devId, String name, int length) {
        jdbc.update("INSERT INTO pipes_settings (dev_id, name, length) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE length = VALUES(length)", devId, name, length);
    }

    @Override
    public List<PipeSetting> loadAll() {
        return jdbc.query("SELECT dev_id, name, length FROM pipes_settings",
                r -> new PipeSetting(r.getInt(1), r.getString(2), r.getInt(3)));
    }

    @Override
    public List<PipeSetting> get(int devId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.queryIn("SELECT dev_id, name, length FROM pipes_settings WHERE dev_id = ? AND name IN (",
                r -> new PipeSetting(r.getInt(1), r.getString(2), r.getInt(3)), devId, names);
    }

    @Override
    public int delete(int devId, Collection<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        return jdbc.updateIn("DELETE FROM pipes_settings WHERE dev_id = ? AND name IN (", devId, names);
    }
}
