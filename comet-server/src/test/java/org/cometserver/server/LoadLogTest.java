package org.cometserver.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [statistics] to_log}: a periodic line of load figures. */
class LoadLogTest {
    @TempDir
    Path dir;

    @Test
    void lineNamesEveryFigure() {
        Map<String, IntSupplier> listeners = new LinkedHashMap<>();
        listeners.put("cometql", () -> 3);
        listeners.put("ws", () -> 120);
        LoadLog load = new LoadLog(listeners, () -> Map.of("frontend_online", "118", "frontend_add_client", "130",
                "frontend_delete_client", "12", "frontend_messages", "4567"), Map.of("cometql-exec", () -> 2));
        assertEquals("load: [cometql] 3 connections, [ws] 120 connections, browsers online 118, browser connects 130,"
                + " disconnects 12, messages published 4567, cometql-exec queue 2", load.line());
    }

    @Test
    void toLogPrintsEveryInterval() throws Exception {
        Logger statistics = (Logger) LoggerFactory.getLogger("org.cometserver.statistics");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        statistics.addAppender(lines);
        try (CometServer server = CometServer.start(CometConfig.parse("""
                [ws]
                ip = 127.0.0.1
                port = 0
                [cometql]
                ip = 127.0.0.1
                port = 0
                [db]
                embedded_path = %s
                [statistics]
                to_log = true
                interval = 1
                """.formatted(dir.resolve("comet"))))) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lines.list.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(lines.list.size() >= 2, "a line per second: " + lines.list);
            String line = lines.list.get(0).getFormattedMessage();
            assertTrue(line.startsWith("load: [cometql] 0 connections, [ws] 0 connections, browsers online 0,"), line);
            assertTrue(line.contains("messages published 0") && line.contains("ws-store queue 0"), line);
        } finally {
            statistics.detachAppender(lines);
        }
    }
}
