package org.cometserver.server.config;

/**
 * {@code [statistics]} (alias {@code [benchmark]}). CppComet posted usage statistics to its authors; we never phone
 * home, whatever {@code allow} says.
 *
 * @param toLog           log one line of load figures every {@code interval} seconds
 * @param intervalSeconds seconds between those lines (default 60; CppComet's {@code interval} was its telemetry
 *                        period, 3600 by default)
 */
public record StatisticsSection(boolean toLog, int intervalSeconds) {

    static StatisticsSection read(IniSection s) {
        // CppComet: telemetry recipients and its internal timing table, neither of which exists here
        s.accept("host", "email", "allow", "profiler");
        return new StatisticsSection(s.bool("to_log", false), s.integer("interval", 60, 1, 86_400));
    }
}
