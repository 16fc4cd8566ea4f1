package org.cometserver.server;

import org.cometserver.server.config.LogSection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;


import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogLevelsTest {

    @AfterEach
    void restoreDefault() {
        LogLevels.apply(new LogSection(400));
    }

    @Test
    void debugLevelIsOursOnly() {
        LogLevels.apply(new LogSection(500));
        assertTrue(LoggerFactory.getLogger("org.cometserver.cometql.session.Any").isDebugEnabled());
        assertTrue(LoggerFactory.getLogger(CometServer.class).isDebugEnabled());
        for (String library : new String[] {"org.apache.calcite.plan.RelOptPlanner", "io.netty.channel.Channel",
                "org.h2.Driver", "com.zaxxer.hikari.HikariPool", "com.fasterxml.jackson.Any", "com.mysql.cj.Any"}) {
            assertFalse(LoggerFactory.getLogger(library).isDebugEnabled(), library);
        }
        assertTrue(LoggerFactory.getLogger("org.apache.calcite.Any").isInfoEnabled());
    }

    @Test
    void warningLevelAppliesToLibrariesToo() {
        LogLevels.apply(new LogSection(300));
        assertFalse(LoggerFactory.getLogger(CometServer.class).isInfoEnabled());
        assertFalse(LoggerFactory.getLogger("org.apache.calcite.Any").isInfoEnabled());
        assertTrue(LoggerFactory.getLogger("org.apache.calcite.Any").isWarnEnabled());
    }
}
