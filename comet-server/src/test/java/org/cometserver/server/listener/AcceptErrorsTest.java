package org.cometserver.server.listener;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A storm of accept failures (EMFILE) costs one log line and a one-second pause, not a line each and a busy loop. */
class AcceptErrorsTest {
    @Test
    void failuresPauseAcceptingAndAreLoggedOncePerInterval() {
        Logger logger = (Logger) LoggerFactory.getLogger(AcceptErrors.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            EmbeddedChannel listening = new EmbeddedChannel(new AcceptErrors("cometql", Clock.systemUTC()));
            for (int i = 0; i < 10_000; i++) {
                listening.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
            }
            assertEquals(1, lines.list.size(), "one line for the storm");
            assertTrue(lines.list.get(0).getFormattedMessage().startsWith("cometql: accepting a connection failed"));
            assertFalse(listening.config().isAutoRead(), "accepting paused");
            listening.advanceTimeBy(1, TimeUnit.SECONDS);
            listening.runScheduledPendingTasks();
            assertTrue(listening.config().isAutoRead(), "accepting resumed after a second");
            listening.checkException(); // nothing reached the end of the pipeline
        } finally {
            logger.detachAppender(lines);
        }
    }
}
