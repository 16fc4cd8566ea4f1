package org.cometserver.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcGuestStore implements GuestStore {
    private static final String COLUMNS = "seq, dev_id, name, display_name, token, created, expires, used, sip_password";

    private final Jdbc jdbc;

    JdbcGuestStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public GuestPass create(int devId, String name, String displayName, String token, long created, long expires) {
        jdbc.update("INSERT INTO conference_guests (dev_id, name, display_name, token, created, expires, used,"
                + " sip_password) VALUES (?, ?, ?, ?, ?, ?, 0, '')", devId, name, displayName, token, created, expires);
        return byToken(token).orElseThrow(() -> new StoreException("store: the new guest pass is not there", null));
    }

    @Override
    public List<GuestPass> byNames(int devId, Collection<String> names) {
        return names.isEmpty() ? List.of() : jdbc.queryIn("SELECT " + COLUMNS
                + " FROM conference_guests WHERE dev_id = ? AND name IN (", JdbcGuestStore::row, devId, names);
    }

    @Override
    public List<GuestPass> bySeqs(int devId, Collection<Long> seqs) {
        return seqs.isEmpty() ? List.of() : jdbc.queryIn("SELECT " + COLUMNS
                + " FROM conference_guests WHERE dev_id = ? AND seq IN (", JdbcGuestStore::row, devId, seqs);
    }

    @Override
    public List<GuestPass> byTokens(int devId, Collection<String> tokens) {
        return tokens.isEmpty() ? List.of() : jdbc.queryIn("SELECT " + COLUMNS
                + " FROM conference_guests WHERE dev_id = ? AND token IN (", JdbcGuestStore::row, devId, tokens);
    }

    @Override
    public List<GuestPass> all(int devId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_guests WHERE dev_id = ? ORDER BY seq LIMIT ?",
                JdbcGuestStore::row, devId, limit);
    }

    @Override
    public Optional<GuestPass> byToken(String token) {
        return jdbc.query("SELECT " + COLUMNS + " FROM conference_guests WHERE token = ?", JdbcGuestStore::row, token)
                .stream().findFirst();
    }

    @Override
    public Optional<GuestPass> redeem(String token, String sipPassword, long now) {
        // one UPDATE decides between two browsers racing with the same token
        int changed = jdbc.update("UPDATE conference_guests SET used = ?, sip_password = ?"
                + " WHERE token = ? AND used = 0 AND expires > ?", now, sipPassword, token, now);
        return changed == 1 ? byToken(token) : Optional.empty();
    }

    @Override
    public int delete(int devId, Collection<Long> seqs) {
        return seqs.isEmpty() ? 0 : jdbc.updateIn("DELETE FROM conference_guests WHERE dev_id = ? AND seq IN (",
                devId, seqs);
    }

    @Override
    public int purgeExpired(long now) {
        return jdbc.update("DELETE FROM conference_guests WHERE expires <= ?", now);
    }

    private static GuestPass row(ResultSet r) throws SQLException {
        return new GuestPass(r.getLong(1), r.getInt(2), r.getString(3), r.getString(4), r.getString(5), r.getLong(6),
                r.getLong(7), r.getLong(8), r.getString(9));
    }
}
