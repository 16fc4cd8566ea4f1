package org.cometserver.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.cometserver.server.config.LogSection;
import org.slf4j.LoggerFactory;

/** Applies {@code [log] level} to the root logger (logback is the binding of the shaded jar). */
final class LogLevels {
    private LogLevels() {
    }

    static void apply(LogSection log) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(LogSection.logbackLevel(log.level())));
        }
    }
}
