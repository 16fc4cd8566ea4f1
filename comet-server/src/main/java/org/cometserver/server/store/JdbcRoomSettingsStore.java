package org.cometserver.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An empty PIN is stored as NULL so that the unique index (dev_id, pin) lets any number of rooms go without one.
 * UPDATE-then-INSERT rather than {@code ON DUPLICATE KEY UPDATE}: with two unique keys, the latter would rewrite
 * the room that holds a clashing PIN.
 */
final class JdbcRoomSettingsStore implements RoomSettingsStore {
    private static final String COLUMNS = "dev_id, name, pin, max_members, locked, record, max_duration, moderator,"
            + " video_layout, wait_for_moderator, allow_dial, announce";

    private final Jdbc jdbc;

    JdbcRoomSettingsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(RoomSettings s) {
        String pin = s.pin() == null || s.pin().isEmpty() ? null : s.pin();
        jdbc.withConnection(connection -> {
            if (pin != null) {
                List<String> holders = Jdbc.query(connection, "SELECT name FROM conference_settings WHERE dev_id = ?"
                        + " AND pin = ? AND name <> ?", r -> r.getString(1), s.devId(), pin, s.name());
                if (!holders.isEmpty()) {
                    throw new PinTakenException(holders.get(0));
                }
            }
            Object[] values = {pin, s.maxMembers(), bit(s.locked()), bit(s.record()), s.maxDuration(), s.moderator(),
                    s.videoLayout(), bit(s.waitForModerator()), bit(s.allowDial()), bit(s.announce()), s.devId(),
                    s.name()};
            int updated = Jdbc.update(connection, "UPDATE conference_settings SET pin = ?, max_members = ?,"
                    + " locked = ?, record = ?, max_duration = ?, moderator = ?, video_layout = ?,"
                    + " wait_for_moderator = ?, allow_dial = ?, announce = ? WHERE dev_id = ? AND name = ?", values);
            if (updated == 0) {
                insert(connection, s, pin);
            }
            return null;
        });
    }

    private static void insert(Connection connection, RoomSettings s, String pin) throws SQLException {
        Jdbc.update(connection, "INSERT INTO conference_settings (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?)", s.devId(), s.name(), pin, s.maxMembers(), bit(s.locked()), bit(s.record()),
                s.maxDuration(), s.moderator(), s.videoLayout(), bit(s.waitForModerator()), bit(s.allowDial()),
                bit(s.announce()));
    }

    @Override
    public List<RoomSettings> get(int devId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_settings WHERE dev_id = ? AND name IN ("
                + Jdbc.placeholders(names.size()) + ") ORDER BY name", JdbcRoomSettingsStore::row,
                Jdbc.params(devId, names));
    }

    @Override
    public List<RoomSettings> all(int devId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_settings WHERE dev_id = ? ORDER BY name LIMIT ?",
                JdbcRoomSettingsStore::row, devId, limit);
    }

    @Override
    public Optional<RoomSettings> byPin(int devId, String pin) {
        if (pin == null || pin.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_settings WHERE dev_id = ? AND pin = ?",
                JdbcRoomSettingsStore::row, devId, pin).stream().findFirst();
    }

    @Override
    public List<RoomSettings> byPinAnyDev(String pin, int limit) {
        if (pin == null || pin.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_settings WHERE pin = ? ORDER BY dev_id LIMIT ?",
                JdbcRoomSettingsStore::row, pin, limit);
    }

    @Override
    public int delete(int devId, Collection<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        return jdbc.update("DELETE FROM conference_settings WHERE dev_id = ? AND name IN ("
                + Jdbc.placeholders(names.size()) + ")", Jdbc.params(devId, names));
    }

    private static int bit(boolean value) {
        return value ? 1 : 0;
    }

    private static RoomSettings row(ResultSet r) throws SQLException {
        String pin = r.getString(3);
        return new RoomSettings(r.getInt(1), r.getString(2), pin == null ? "" : pin, r.getInt(4), r.getInt(5) != 0,
                r.getInt(6) != 0, r.getInt(7), r.getLong(8), r.getString(9), r.getInt(10) != 0, r.getInt(11) != 0,
                r.getInt(12) != 0);
    }
}
