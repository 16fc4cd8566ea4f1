package org.cometserver.server.broker.redis;

/**
 * Names of everything this server keeps in Redis, all under {@code comet:}. A channel's keys share one hash tag
 * ({@code {dev:channel}}), so they live in one slot and one script may touch them together.
 */
final class RedisKeys {
    static final String CONTROL = "comet:control";
    static final String NODES = "comet:nodes";
    static final String JANITOR = "comet:janitor";

    private RedisKeys() {
    }

    /** A lease ({@code RedisLeases}): a string, the holder's node name, expiring {@code failure_timeout} after renewal. */
    static String lease(String name) {
        return "comet:lease:{" + name + "}";
    }

    private static String tag(int devId, String channel) {
        return "comet:{" + devId + ":" + channel + "}:";
    }

    /** The channel's pub/sub channel. */
    static String channel(int devId, String channel) {
        return tag(devId, channel) + "p";
    }

    static String offset(int devId, String channel) {
        return tag(devId, channel) + "offset";
    }

    static String epoch(int devId, String channel) {
        return tag(devId, channel) + "epoch";
    }

    static String history(int devId, String channel) {
        return tag(devId, channel) + "history";
    }

    /** The channel's members: a hash of {@code node \t connection id} → the client. */
    static String members(int devId, String channel) {
        return tag(devId, channel) + "members";
    }

    /** The user's pub/sub channel. */
    static String user(int devId, long userId) {
        return "comet:{u" + devId + ":" + userId + "}:p";
    }

    /** The set of nodes holding a connection of the user. */
    static String userNodes(int devId, long userId) {
        return "comet:{u" + devId + ":" + userId + "}:nodes";
    }

    /** The dev_id's channels with history (for {@code allHistory}). */
    static String historyChannels(int devId) {
        return "comet:{d" + devId + "}:history-channels";
    }

    /** The dev_id's publication id → channel index (for {@code removePublications}). */
    static String publicationIds(int devId) {
        return "comet:{d" + devId + "}:publication-ids";
    }

    /** The dev_id's channels with members somewhere. */
    static String presenceChannels(int devId) {
        return "comet:{d" + devId + "}:presence-channels";
    }

    /** The dev_id's users online somewhere. */
    static String onlineUsers(int devId) {
        return "comet:{d" + devId + "}:online";
    }

    /** The node's own control channel: controls addressed to it alone (P2P call routing). */
    static String nodeControl(String node) {
        return "comet:node:{" + node + "}:control";
    }

    /** What a node registered: a hash {@code dev \t channel} → how many of its members are there. */
    static String nodeChannels(String node) {
        return "comet:node:{" + node + "}:channels";
    }

    /** What a node registered: {@code dev \t user id} entries. */
    static String nodeUsers(String node) {
        return "comet:node:{" + node + "}:users";
    }

    /** The users a node holds, gathered while it registers again after an outage (removed when it is done). */
    static String nodeReregistration(String node) {
        return "comet:node:{" + node + "}:reregistration";
    }
}
