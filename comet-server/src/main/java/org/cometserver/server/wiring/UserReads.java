package org.cometserver.server.wiring;

import java.util.Collection;
import java.util.Map;

/** What browser commands read of users ({@code user_status}, {@code user_data}); may block on the store. */
public interface UserReads {
    /** 0 for a user online, else his last disconnect time, else -1 (never seen), as {@code users_time}. */
    Map<Long, Long> lastOnlineTimes(int devId, Collection<Long> userIds);

    /** {@code users_data} of the users that have some. */
    Map<Long, String> userData(int devId, Collection<Long> userIds);
}
