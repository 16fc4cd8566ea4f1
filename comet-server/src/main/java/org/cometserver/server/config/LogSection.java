package org.cometserver.server.config;

/**
 * {@code [log]}: CppComet's numeric levels (0 none, 100 critical, 200 errors, 300 warnings, 400 log, 500 debug).
 *
 * @param level level of our own loggers; the libraries' is capped at INFO (default 400: our listeners announce
 *              themselves at that level; CppComet's default was 200)
 */
public record LogSection(int level) {

    static LogSection read(IniSection s) {
        // CppComet: per-subsystem levels by its own tag names (§1.5); our loggers are named by class instead
        s.accept("Any", "TagLoger", "appConf", "pipeCommands", "statistics", "removeOldConnections", "MySqlServer",
                "UserIndex", "UserItem", "ClientServer", "ServerServer", "SimpleRedisClient", "tcpServer",
                "CometQLCluster", "devManager", "FreeswitchServer", "dbLink");
        return new LogSection(s.integer("level", 400, 0, 1000));
    }

    /** The logback level name of this process's own loggers ({@code org.cometserver}). */
    public String ownLevel() {
        if (level <= 0) {
            return "OFF";
        }
        if (level <= 200) {
            return "ERROR";
        }
        if (level <= 300) {
            return "WARN";
        }
        return level <= 400 ? "INFO" : "DEBUG";
    }

    /**
     * The logback level name of the root logger, so of the libraries: as {@link #ownLevel()} but never below INFO.
     * CppComet's debug level (500) must stay readable: Calcite alone logs hundreds of planner lines per SELECT at
     * DEBUG, Netty, H2 and Hikari more.
     */
    public String libraryLevel() {
        String own = ownLevel();
        return own.equals("DEBUG") ? "INFO" : own;
    }
}
