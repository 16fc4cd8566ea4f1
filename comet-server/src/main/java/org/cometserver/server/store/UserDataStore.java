package org.cometserver.server.store;

import java.util.Collection;
import java.util.Map;

/** {@code users_data}: one free-text blob per user. */
public interface UserDataStore {
    void put(int devId, long userId, String data);

    Map<Long, String> get(int devId, Collection<Long> userIds);

    Map<Long, String> all(int devId, int limit);

    int delete(int devId, Collection<Long> userIds);
}
