package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

final class JdbcPhoneStore implements PhoneStore {
    private final Jdbc jdbc;

    JdbcPhoneStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(StoredPhone phone) {
        jdbc.update("INSERT INTO conference_phones (uuid, user_id, number, created) VALUES (?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE user_id = VALUES(user_id), number = VALUES(number),"
                        + " created = VALUES(created)",
                phone.uuid(), phone.userId(), phone.number(), phone.created());
    }

    @Override
    public List<StoredPhone> newest(int limit) {
        return jdbc.query("SELECT uuid, user_id, number, created FROM conference_phones"
                        + " ORDER BY created DESC, uuid LIMIT ?",
                r -> new StoredPhone(r.getString(1), r.getLong(2), r.getString(3), r.getLong(4)), limit);
    }

    @Override
    public int delete(Collection<String> uuids) {
        if (uuids.isEmpty()) {
            return 0;
        }
        return jdbc.update("DELETE FROM conference_phones WHERE uuid IN (" + Jdbc.placeholders(uuids.size()) + ")",
                uuids.toArray());
    }

    @Override
    public int purgeOlderThan(long created) {
        return jdbc.update("DELETE FROM conference_phones WHERE created < ?", created);
    }
}
