package org.cometserver.server.config;

/**
 * CppComet's {@code maxUptime} and {@code uptimeTestInterval} of {@code [ws]} and {@code [cometql]}: a connection
 * older than {@code maxUptime} seconds is closed at the next check, every {@code uptimeTestInterval} seconds. Either
 * 0 turns it off (CppComet: no check ran without an interval).
 *
 * @param maxUptime          seconds a connection may live (default 0: for ever)
 * @param uptimeTestInterval seconds between checks (default 0: none)
 */
public record MaxUptime(int maxUptime, int uptimeTestInterval) {

    static MaxUptime read(IniSection s) {
        return new MaxUptime(s.integer("maxUptime", 0, 0, Integer.MAX_VALUE),
                s.integer("uptimeTestInterval", 0, 0, Integer.MAX_VALUE));
    }

    public boolean enabled() {
        return maxUptime > 0 && uptimeTestInterval > 0;
    }

    /**
     * Seconds after which a connection is closed: {@code maxUptime} rounded up to a whole number of check intervals,
     * when CppComet's sweep would have found it too old. Each connection has its own timer instead of a sweep, so
     * idle servers do no work.
     */
    public long closeAfterSeconds() {
        long checks = (maxUptime + (long) uptimeTestInterval - 1) / uptimeTestInterval;
        return checks * uptimeTestInterval;
    }
}
