package org.cometserver.server.store;

import java.util.Collection;
import java.util.Map;

/** {@code users_auth}: the key ("hash") each user logs in with. */
public interface AuthStore {
    void put(int devId, long userId, String hash);

    Map<Long, String> get(int devId, Collection<Long> userIds);

    Map<Long, String> all(int devId, int limit);

    int delete(int devId, Collection<Long> userIds);
}
