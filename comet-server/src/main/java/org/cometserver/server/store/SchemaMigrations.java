package org.cometserver.server.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Versioned schema changes, applied in order at start and recorded in {@code schema_version}. The SQL is the common
 * dialect of H2 (MODE=MySQL) and MariaDB/MySQL (docs/DEPENDENCIES.md §5). Append new versions; never edit applied ones.
 * Tables follow CppComet's db.sql (docs/CPPCOMET.md §1.4) with ids widened to BIGINT and an auto-increment
 * {@code seq} ordering queue and history, since several rows share a second.
 */
final class SchemaMigrations {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final String TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    private record Migration(int version, List<String> statements) {
    }

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, List.of(
                    "CREATE TABLE IF NOT EXISTS users_auth (dev_id INT NOT NULL, user_id BIGINT NOT NULL,"
                            + " hash VARCHAR(64) NOT NULL, PRIMARY KEY (dev_id, user_id))" + TABLE_OPTIONS,
                    "CREATE TABLE IF NOT EXISTS users_time (dev_id INT NOT NULL, user_id BIGINT NOT NULL,"
                            + " time BIGINT NOT NULL, PRIMARY KEY (dev_id, user_id))" + TABLE_OPTIONS,
                    "CREATE TABLE IF NOT EXISTS users_messages (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                            + " id CHAR(36) NOT NULL, dev_id INT NOT NULL, user_id BIGINT NOT NULL,"
                            + " time BIGINT NOT NULL, expires_at BIGINT NOT NULL, event VARCHAR(64) NOT NULL,"
                            + " message LONGTEXT NOT NULL)" + TABLE_OPTIONS,
                    "CREATE INDEX IF NOT EXISTS users_messages_user ON users_messages (dev_id, user_id, seq)",
                    "CREATE INDEX IF NOT EXISTS users_messages_expiry ON users_messages (expires_at)",
                    "CREATE TABLE IF NOT EXISTS pipe_messages (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                            + " id CHAR(36) NOT NULL, dev_id INT NOT NULL, pipe_name VARCHAR(64) NOT NULL,"
                            + " time BIGINT NOT NULL, event VARCHAR(64) NOT NULL, message LONGTEXT NOT NULL,"
                            + " user_id BIGINT NOT NULL)" + TABLE_OPTIONS,
                    "CREATE INDEX IF NOT EXISTS pipe_messages_pipe ON pipe_messages (dev_id, pipe_name, seq)",
                    "CREATE INDEX IF NOT EXISTS pipe_messages_id ON pipe_messages (dev_id, id)",
                    "CREATE TABLE IF NOT EXISTS pipes_settings (dev_id INT NOT NULL, name VARCHAR(128) NOT NULL,"
                            + " length INT NOT NULL, PRIMARY KEY (dev_id, name))" + TABLE_OPTIONS,
                    "CREATE TABLE IF NOT EXISTS users_data (dev_id INT NOT NULL, user_id BIGINT NOT NULL,"
                            + " data LONGTEXT NOT NULL, PRIMARY KEY (dev_id, user_id))" + TABLE_OPTIONS,
                    "CREATE TABLE IF NOT EXISTS revoked_tokens (dev_id INT NOT NULL, token VARCHAR(600) NOT NULL,"
                            + " time BIGINT NOT NULL, PRIMARY KEY (dev_id, token))" + TABLE_OPTIONS,
                    "CREATE TABLE IF NOT EXISTS conference (dev_id INT NOT NULL, name VARCHAR(64) NOT NULL,"
                            + " user_id BIGINT NOT NULL, caller_id BIGINT NOT NULL, message LONGTEXT NOT NULL,"
                            + " profile VARCHAR(64) NOT NULL, stream VARCHAR(255) NOT NULL,"
                            + " node VARCHAR(128) NOT NULL, time BIGINT NOT NULL,"
                            + " PRIMARY KEY (dev_id, name, user_id))" + TABLE_OPTIONS)),
            // issue 11: room settings and recordings (docs/CONFERENCES.md); an empty PIN is NULL (unique index)
            new Migration(2, List.of(
                    "CREATE TABLE IF NOT EXISTS conference_settings (dev_id INT NOT NULL, name VARCHAR(64) NOT NULL,"
                            + " pin VARCHAR(12) NULL, max_members INT NOT NULL, locked TINYINT NOT NULL,"
                            + " record TINYINT NOT NULL, max_duration INT NOT NULL, moderator BIGINT NOT NULL,"
                            + " video_layout VARCHAR(64) NOT NULL, wait_for_moderator TINYINT NOT NULL,"
                            + " allow_dial TINYINT NOT NULL, announce TINYINT NOT NULL,"
                            + " PRIMARY KEY (dev_id, name))" + TABLE_OPTIONS,
                    "CREATE UNIQUE INDEX IF NOT EXISTS conference_settings_pin ON conference_settings (dev_id, pin)",
                    "CREATE INDEX IF NOT EXISTS conference_settings_pin_any ON conference_settings (pin)",
                    "CREATE TABLE IF NOT EXISTS conference_recordings (dev_id INT NOT NULL,"
                            + " room VARCHAR(64) NOT NULL, path VARCHAR(255) NOT NULL, started BIGINT NOT NULL,"
                            + " ended BIGINT NOT NULL, size BIGINT NOT NULL, node VARCHAR(128) NOT NULL,"
                            + " PRIMARY KEY (dev_id, path))" + TABLE_OPTIONS,
                    "CREATE INDEX IF NOT EXISTS conference_recordings_room ON conference_recordings"
                            + " (dev_id, room, started)")),
            // issue 11: guest passes and temporary users (docs/GUESTS.md)
            new Migration(3, List.of(
                    "CREATE TABLE IF NOT EXISTS conference_guests (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                            + " dev_id INT NOT NULL, name VARCHAR(64) NOT NULL, display_name VARCHAR(64) NOT NULL,"
                            + " token VARCHAR(64) NOT NULL, created BIGINT NOT NULL, expires BIGINT NOT NULL,"
                            + " used BIGINT NOT NULL, sip_password VARCHAR(64) NOT NULL)" + TABLE_OPTIONS,
                    "CREATE UNIQUE INDEX IF NOT EXISTS conference_guests_token ON conference_guests (token)",
                    "CREATE INDEX IF NOT EXISTS conference_guests_room ON conference_guests (dev_id, name)",
                    "CREATE INDEX IF NOT EXISTS conference_guests_expiry ON conference_guests (expires)",
                    // temporary users: 0 and '' keep CppComet's permanent users_auth rows
                    "ALTER TABLE users_auth ADD COLUMN IF NOT EXISTS expires BIGINT NOT NULL DEFAULT 0",
                    "ALTER TABLE users_auth ADD COLUMN IF NOT EXISTS room VARCHAR(64) NOT NULL DEFAULT ''",
                    "CREATE INDEX IF NOT EXISTS users_auth_expiry ON users_auth (expires)")),
            // issue 12: positions in a channel's history for recovery (docs/CLUSTER.md); rows kept before have
            // offset 0. OFFSET and TOP are keywords in H2, hence msg_offset and top_offset.
            new Migration(4, List.of(
                    "ALTER TABLE pipe_messages ADD COLUMN IF NOT EXISTS msg_offset BIGINT NOT NULL DEFAULT 0",
                    "CREATE INDEX IF NOT EXISTS pipe_messages_offset ON pipe_messages (dev_id, pipe_name, msg_offset)",
                    "CREATE TABLE IF NOT EXISTS pipe_streams (dev_id INT NOT NULL, pipe_name VARCHAR(64) NOT NULL,"
                            + " epoch VARCHAR(36) NOT NULL, top_offset BIGINT NOT NULL,"
                            + " PRIMARY KEY (dev_id, pipe_name))" + TABLE_OPTIONS)),
            // the phones in rooms, so that a restarted node lists them as the node that dialled them did
            new Migration(5, List.of(
                    "CREATE TABLE IF NOT EXISTS conference_phones (uuid VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " user_id BIGINT NOT NULL, number VARCHAR(255) NOT NULL, created BIGINT NOT NULL)"
                            + TABLE_OPTIONS,
                    "CREATE INDEX IF NOT EXISTS conference_phones_created ON conference_phones (created)")));

    private SchemaMigrations() {
    }

    /** Applies every migration newer than the database's version; returns the resulting version. */
    static int migrate(Connection connection) throws SQLException {
        Jdbc.update(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY,"
                + " applied_at BIGINT NOT NULL)" + TABLE_OPTIONS);
        List<Integer> applied = Jdbc.query(connection, "SELECT MAX(version) FROM schema_version", r -> r.getInt(1));
        int current = applied.isEmpty() ? 0 : applied.get(0);
        for (Migration migration : MIGRATIONS) {
            if (migration.version() <= current) {
                continue;
            }
            for (String sql : migration.statements()) {
                Jdbc.update(connection, sql);
            }
            Jdbc.update(connection, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    migration.version(), System.currentTimeMillis() / 1000);
            current = migration.version();
            log.info("store schema migrated to version {}", current);
        }
        return current;
    }

    static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }
}
