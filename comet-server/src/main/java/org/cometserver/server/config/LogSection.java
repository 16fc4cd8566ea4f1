package org.cometserver.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [log]}: CppComet's numeric levels (0 none, 100 critical, 200 errors, 300 warnings, 400 log, 500 debug).
 *
 * @param level      level of our own loggers; the libraries' is capped at INFO (default 400: our listeners
 *                   announce themselves at that level; CppComet's default was 200)
 * @param subsystems per-subsystem levels by CppComet's tag names, accepted for compatibility
 */
public record LogSection(int level, Map<String, Integer> subsystems) {
    /** CppComet's subsystem tags (§1.5). */
    static final List<String> SUBSYSTEMS = List.of("Any", "TagLoger", "appConf", "pipeCommands", "statistics",
            "removeOldConnections", "MySqlServer", "UserIndex", "UserItem", "ClientServer", "ServerServer",
            "SimpleRedisClient", "tcpServer", "CometQLCluster", "devManager", "FreeswitchServer", "dbLink");

    static LogSection read(IniSection s) {
        Map<String, Integer> subsystems = new LinkedHashMap<>();
        for (String tag : SUBSYSTEMS) {
            int level = s.integer(tag, -1, 0, 1000);
            if (level >= 0) {
                subsystems.put(tag, level);
            }
        }
        return new LogSection(s.integer("level", 400, 0, 1000), Map.copyOf(subsystems));
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
