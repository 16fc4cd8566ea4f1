package org.cometserver.cometql;

import java.time.Duration;

/**
 * Settings of the CometQL front end, built by the host from {@code comet.ini} ({@code [cometql]}, {@code [main]}).
 *
 * @param serverVersion    server version sent in the handshake and as {@code @@version}
 * @param maxPacketSize    largest logical MySQL packet accepted (after joining 16 MiB splits), bytes
 * @param maxQueryLength   longest statement text accepted, bytes (CppComet: 9000; error 11 beyond)
 * @param planCacheSize    number of statement digests whose Calcite plan is kept
 * @param maxResultRows    largest result set returned; a larger one is an error, never silently cut
 * @param maxHistoryLength upper clamp for {@code pipes_settings.length}
 * @param idleTimeout      connections idle longer than this are closed (zero: never)
 * @param logStatements    log every statement with its dev_id ({@code [main] useQueryLoger}); CppComet skipped
 *                         statements starting with {@code set }/{@code show }, and so do we
 * @param maxExecutionTime statements running longer are stopped with ERR 3024, milliseconds (MySQL's
 *                         {@code max_execution_time}; zero: no limit); a session may change its own
 */
public record CometQlConfig(String serverVersion, int maxPacketSize, int maxQueryLength, int planCacheSize,
                            int maxResultRows, int maxHistoryLength, Duration idleTimeout, boolean logStatements,
                            long maxExecutionTime) {

    /** CppComet's server version string; clients and scripts that print {@code @@version} see the same. */
    public static final String CPPCOMET_VERSION = "CppComet community 4.09 (AGPL license)";

    public static CometQlConfig defaults() {
        return new CometQlConfig(CPPCOMET_VERSION, 64 * 1024 * 1024, 1024 * 1024, 4096, 100_000, 1000,
                Duration.ofHours(8), false, 30_000);
    }
}
