package org.cometserver.server.config;

/**
 * The keys every listener section shares ({@code [ws]}, {@code [cometql]}, {@code [freeswitch]}).
 *
 * @param ip                 bind address (default {@code 0.0.0.0})
 * @param port               TCP port; 0 binds an ephemeral port
 * @param threadNum          event-loop threads of this listener; 0 disables it (CppComet: service not started)
 * @param backlog            listen backlog (default 1024)
 * @param io                 the Netty transport ({@code io}; not a CppComet key): io_uring for CometQL, where its
 *                           batched system calls answer small statements with less CPU, epoll elsewhere, where
 *                           fan-out writes measured faster on it (docs/BENCHMARKS.md)
 * @param limits             how many connections it holds and how long a newcomer may take to log in (not CppComet
 *                           keys: CppComet had no limit at all)
 */
public record ListenerSettings(String ip, int port, int threadNum, int backlog, IoEngine io, Limits limits) {

    /**
     * Connection limits of one listener (docs/SECURITY.md).
     *
     * @param maxConnections      open connections at most ({@code max_connections}); 0: as many as the process's
     *                            file descriptors allow, less a reserve for the store and FreeSWITCH
     * @param maxConnectionsPerIp open connections from one source address at most ({@code max_connections_per_ip});
     *                            0: no per-address limit
     * @param maxHandshakes       connections still logging in (CometQL) or before the WebSocket upgrade at most
     *                            ({@code max_handshakes}); at the limit the oldest of them is closed for the newcomer,
     *                            so idle floods cannot keep a real client out
     * @param handshakeTimeout    seconds a connection may take to log in or upgrade ({@code handshake_timeout}, MySQL's
     *                            {@code connect_timeout}); where the listener has no login step (the directory), the
     *                            longest silence while a request is incomplete
     */
    public record Limits(int maxConnections, int maxConnectionsPerIp, int maxHandshakes, int handshakeTimeout) {
        static Limits read(IniSection section, Limits defaults) {
            return new Limits(
                    section.integer("max_connections", defaults.maxConnections, 0, Integer.MAX_VALUE),
                    section.integer("max_connections_per_ip", defaults.maxConnectionsPerIp, 0, Integer.MAX_VALUE),
                    section.integer("max_handshakes", defaults.maxHandshakes, 1, Integer.MAX_VALUE),
                    section.integer("handshake_timeout", defaults.handshakeTimeout, 1, 3600));
        }
    }

    static final String DEFAULT_IP = "0.0.0.0";
    static final int DEFAULT_BACKLOG = 1024;
    private static final int MAX_THREADS = 1024;

    static ListenerSettings read(IniSection section, int defaultPort, int defaultThreads, IoEngine defaultIo,
                                 Limits defaultLimits) {
        // CppComet: epoll_size was a hint to epoll_create and statistics a load-measurement interval (§1.5)
        section.accept("epoll_size", "statistics");
        return new ListenerSettings(
                section.string("ip", DEFAULT_IP),
                section.port("port", defaultPort),
                section.integer("thread_num", defaultThreads, 0, MAX_THREADS),
                section.integer("backlog", DEFAULT_BACKLOG, 1, 65535),
                IoEngine.parse(section.string("io", defaultIo.iniName()), section, "io"),
                Limits.read(section, defaultLimits));
    }

    public boolean enabled() {
        return threadNum > 0;
    }

    /** {@code ip:port} as printed in log lines and bind errors. */
    public String address() {
        return ip + ":" + port;
    }
}
