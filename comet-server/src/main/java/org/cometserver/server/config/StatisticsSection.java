package org.cometserver.server.config;

/**
 * {@code [statistics]} (alias {@code [benchmark]}): accepted for compatibility. CppComet posted usage statistics to
 * its authors; we never phone home, whatever {@code allow} says.
 *
 * @param toLog    print load figures to the log periodically
 * @param profiler keep the internal timing table {@code profiler}
 */
public record StatisticsSection(boolean toLog, boolean profiler) {

    static StatisticsSection read(IniSection s) {
        s.accept("host", "email", "interval", "allow");
        return new StatisticsSection(s.bool("to_log", false), s.bool("profiler", false));
    }
}
