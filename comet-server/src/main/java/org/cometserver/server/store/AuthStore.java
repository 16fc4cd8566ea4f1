package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** {@code users_auth}: the key ("hash") each user logs in with. */
public interface AuthStore {
    /** Stores (replaces) a permanent key: a row that was temporary becomes permanent, as CppComet's rows are. */
    default void put(int devId, long userId, String hash) {
        put(devId, userId, hash, 0, "");
    }

    /** Stores (replaces) a key that goes at {@code expires} (0: never) or when its holder leaves {@code room}. */
    void put(int devId, long userId, String hash, long expires, String room);

    /** Temporary rows whose {@code expires} is before {@code now}, at most {@code limit}. */
    List<TemporaryUser> expired(long now, int limit);

    /** Rows bound to a room of this dev_id. */
    List<TemporaryUser> boundTo(int devId, String room);

    Map<Long, String> get(int devId, Collection<Long> userIds);

    Map<Long, String> all(int devId, int limit);

    int delete(int devId, Collection<Long> userIds);
}
