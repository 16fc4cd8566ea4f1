package org.cometserver.server.config;

/**
 * {@code [main]}.
 *
 * @param password                 CometQL password of every dev_id, and the JWT secret prefix (default {@code password})
 * @param nodeName                 this node's name in {@code /info} (default {@code NoName})
 * @param devIndexSize             dev_ids 0 … size-1 are valid (default 100000)
 * @param sendUserOnlineEvents     publish {@code online} to {@code user_status_<id>} on a user's first connection
 * @param sendUserOfflineEvents    publish {@code offline} to {@code user_status_<id>} on his last disconnect
 * @param saveUsersLastOnlineTime  write {@code users_time} on connect and disconnect
 * @param useQueryLoger            log every CometQL statement (CppComet's spelling of the key)
 * @param pidfile                  file the process id is written to; empty = none (we write it only when set)
 * @param baseDir                  static files served on the {@code [ws]} port; empty = none
 * @param queueTtlSeconds          how long a queued private message waits for its user (default 86400)
 * @param maxMessageSize           largest message accepted for publishing, bytes (default 65536)
 * @param loginMaxFailures         failed CometQL or browser logins from one address within
 *                                 {@code loginFailureWindow} seconds that block it (default 10; 0: never block)
 * @param loginFailureWindow       seconds over which failures are counted (default 600)
 * @param loginBlockTime           seconds a blocked address is refused (default 300)
 */
public record MainSection(String password, String nodeName, int devIndexSize, boolean sendUserOnlineEvents,
                          boolean sendUserOfflineEvents, boolean saveUsersLastOnlineTime, boolean useQueryLoger,
                          String pidfile, String baseDir, int queueTtlSeconds, int maxMessageSize,
                          int loginMaxFailures, int loginFailureWindow, int loginBlockTime) {
    /** CppComet's built-in password, known to everyone. */
    public static final String DEFAULT_PASSWORD = "password";

    static MainSection read(IniSection s) {
        // CppComet: buffer sizes of its own C++ allocator and keys it set but never read (§1.5)
        s.accept("api_version", "buf_size", "answer_buf_size", "fragment_buf_size", "fragment_buf_max_size",
                "isTest");
        return new MainSection(
                s.string("password", DEFAULT_PASSWORD),
                s.string("node_name", "NoName"),
                s.integer("dev_index_size", 100_000, 1, Integer.MAX_VALUE),
                s.bool("send_user_online_events", true),
                s.bool("send_user_offline_events", true),
                s.bool("save_users_last_online_time", true),
                s.bool("useQueryLoger", false),
                s.string("pidfile", ""),
                s.string("base_dir", ""),
                // CppComet kept at most 10 queued messages and dropped the rest; we keep all until the TTL
                s.integer("queue_ttl", 86_400, 1, Integer.MAX_VALUE),
                s.integer("max_message_size", 65_536, 1, 64 * 1024 * 1024),
                s.integer("login_max_failures", 10, 0, Integer.MAX_VALUE),
                s.integer("login_failure_window", 600, 1, Integer.MAX_VALUE),
                s.integer("login_block_time", 300, 1, Integer.MAX_VALUE));
    }

    /**
     * Whether {@code password} is still the built-in default, which anyone could guess (protected mode): CometQL
     * then answers loopback clients only, and browser JWTs are refused, since anyone could sign them.
     */
    public boolean protectedMode() {
        return DEFAULT_PASSWORD.equals(password);
    }
}
