package org.cometserver.server.config;

/**
 * {@code [cometql]}: the MySQL-protocol listener.
 *
 * @param listener           ip 0.0.0.0, port 3307 (CppComet's shipped comet.ini; its code had no working default),
 *                           thread_num 2, backlog 1024
 * @param maxUptime          {@code maxUptime}, {@code uptimeTestInterval}: connections older are closed
 * @param executorThreads    threads running statements that touch the store (default 4)
 * @param maxPacketSize      largest MySQL packet accepted, bytes (default 16 MiB)
 * @param maxQueryLength     longest statement, bytes (default 1 MiB; CppComet 9000)
 * @param planCacheSize      statement plans kept (default 4096)
 * @param maxResultRows      largest result set (default 100000)
 * @param idleTimeoutSeconds idle connections are closed after this, 0 = never (default 28800, MySQL's wait_timeout)
 * @param maxExecutionTime   statements running longer are stopped with ERR 3024, milliseconds, 0 = never
 *                           (default 30000; MySQL's max_execution_time)
 * @param scanThreads        threads running joins and reads without a key, apart from the others (default 2)
 * @param scanQueue          such statements waiting for a scan thread; beyond, they are refused (default 1000)
 * @param maxHistoryLength   the longest history a channel may keep: {@code pipes_settings.length} is clamped to it,
 *                           and {@code trust_} channels without settings keep this many (default 1000, CppComet's
 *                           {@code MAX_LOG_LENGTH}; its {@code trust_} history had no bound)
 */
public record CometQlSection(ListenerSettings listener, MaxUptime maxUptime, int executorThreads, int maxPacketSize,
                             int maxQueryLength, int planCacheSize, int maxResultRows, int idleTimeoutSeconds,
                             int maxExecutionTime, int scanThreads, int scanQueue, int maxHistoryLength) {

    /** Backends hold pools of connections from few addresses: no per-address limit; MySQL's connect_timeout. */
    static final ListenerSettings.Limits DEFAULT_LIMITS = new ListenerSettings.Limits(1000, 0, 256, 10);

    static CometQlSection read(IniSection s) {
        return new CometQlSection(
                ListenerSettings.read(s, 3307, 2, IoEngine.IO_URING, DEFAULT_LIMITS),
                MaxUptime.read(s),
                s.integer("executor_threads", 4, 1, 1024),
                s.integer("max_packet_size", 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
                s.integer("max_query_length", 1024 * 1024, 64, 1024 * 1024 * 1024),
                s.integer("plan_cache_size", 4096, 0, 1_000_000),
                s.integer("max_result_rows", 100_000, 1, 100_000_000),
                s.integer("idle_timeout", 28_800, 0, Integer.MAX_VALUE),
                s.integer("max_execution_time", 30_000, 0, Integer.MAX_VALUE),
                s.integer("scan_threads", 2, 1, 1024),
                s.integer("scan_queue", 1000, 1, 1_000_000),
                s.integer("max_history_length", 1000, 1, 1_000_000));
    }
}
