package org.cometserver.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.cometserver.server.config.LogSection;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code [log] level} (logback is the binding of the shaded jar): our own loggers get the level, the root
 * logger, so every library, the level capped at INFO ({@link LogSection#libraryLevel()}).
 */
final class LogLevels {
    /** The package of every logger of this server's modules. */
    static final String OWN_LOGGERS = "org.cometserver";

    private LogLevels() {
    }

    static void apply(LogSection log) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(log.libraryLevel()));
        }
        if (LoggerFactory.getLogger(OWN_LOGGERS) instanceof Logger own) {
            own.setLevel(Level.toLevel(log.ownLevel()));
        }
    }
}
