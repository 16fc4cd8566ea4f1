package org.cometserver.server.store;

import java.util.Collection;
import java.util.Map;

/** {@code users_time}: when each user was last seen (0 = was online when last written). */
public interface OnlineTimeStore {
    void put(int devId, long userId, long time);

    Map<Long, Long> get(int devId, Collection<Long> userIds);

    Map<Long, Long> all(int devId, int limit);
}
