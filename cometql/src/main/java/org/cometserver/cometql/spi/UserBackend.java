package org.cometserver.cometql.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Users: auth keys, online times, private messages and their offline queue, user data, revoked JWTs. */
public interface UserBackend {

    /** {@code users_auth}: stores (replaces) the user's key. */
    void setAuthHash(int devId, long userId, String hash);

    Map<Long, String> authHashes(int devId, Collection<Long> userIds);

    Map<Long, String> allAuthHashes(int devId, int limit);

    /**
     * {@code users_auth} with a {@code ttl} (seconds, 0 = none) or a {@code room} (empty = none): a temporary user,
     * removed when the ttl passes or when it leaves the room for good (docs/GUESTS.md "Temporary users").
     * Without both it is {@link #setAuthHash(int, long, String)}.
     */
    default void setAuthHash(int devId, long userId, String hash, long ttlSeconds, String room) {
        if (ttlSeconds != 0 || !room.isEmpty()) {
            throw new org.cometserver.cometql.error.CometQlException(
                    org.cometserver.cometql.error.CometQlErrors.NOT_IMPLEMENTED, "temporary users are not supported");
        }
        setAuthHash(devId, userId, hash);
    }

    /** Removes the keys and disconnects every connection of these users. Returns the number of keys removed. */
    int deleteAuthHashes(int devId, Collection<Long> userIds);

    /**
     * {@code users_time}: for every requested id, {@code 0} when online now, the unix time of the last
     * disconnect, or {@code -1} when never seen.
     */
    Map<Long, Long> lastOnlineTimes(int devId, Collection<Long> userIds);

    Map<Long, Long> allLastOnlineTimes(int devId, int limit);

    /**
     * {@code users_messages}: delivers {@code {"data":…,"event":…,"pipe":"msg"}} to every connection of the user;
     * when none takes it, the message is queued for delivery at the next login (and kept until its TTL).
     *
     * @return true when delivered live, false when queued
     */
    boolean sendMessage(int devId, long userId, String event, String message);

    /** Queued messages of these users, oldest first. */
    List<QueuedMessage> queuedMessages(int devId, Collection<Long> userIds);

    List<QueuedMessage> allQueuedMessages(int devId, int limit);

    /** Empties the queues of these users; returns the number of messages removed. */
    int clearQueues(int devId, Collection<Long> userIds);

    /** {@code users_data}. */
    void setUserData(int devId, long userId, String data);

    Map<Long, String> userData(int devId, Collection<Long> userIds);

    Map<Long, String> allUserData(int devId, int limit);

    int deleteUserData(int devId, Collection<Long> userIds);

    /**
     * {@code revoked_tokens}: stores the token; when it is a valid JWT of this dev_id the user's key is removed and
     * his connections are closed, as in CppComet.
     */
    void revokeToken(int devId, String token);

    List<String> revokedTokens(int devId, Collection<String> tokens);

    List<String> allRevokedTokens(int devId, int limit);

    int deleteRevokedTokens(int devId, Collection<String> tokens);

    /** A queued private message ({@code users_messages} row); {@code id} is its uuid, shown as column index. */
    record QueuedMessage(String id, long userId, long time, String event, String message) {
    }
}
