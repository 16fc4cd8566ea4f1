package org.cometserver.cometql.sql;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code [main] useQueryLoger}: every statement but SET and SHOW is logged with its dev_id, as CppComet did. */
class StatementLogTest {
    private final Logger log = (Logger) LoggerFactory.getLogger("org.cometserver.cometql.statements");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final CometQlFixture cometql = new CometQlFixture();

    @BeforeEach
    void attach() {
        appender.start();
        log.addAppender(appender);
        log.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        log.detachAppender(appender);
        log.setLevel(null);
        cometql.close();
    }

    @Test
    void logsStatementsExceptSetAndShow() {
        cometql.sql("SET NAMES utf8").result();
        cometql.sql("SHOW TABLES").result();
        cometql.sql("SELECT * FROM pipes WHERE name = 'web_chat'").result();
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of("dev_id=0 connection=7: SELECT * FROM pipes WHERE name = 'web_chat'"), lines);
    }
}
