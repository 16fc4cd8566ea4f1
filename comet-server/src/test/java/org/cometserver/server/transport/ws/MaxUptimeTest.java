package org.cometserver.server.transport.ws;

import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CppComet's {@code maxUptime}/{@code uptimeTestInterval}: connections older than the limit are closed. */
class MaxUptimeTest {
    @TempDir
    Path dir;

    @Test
    void connectionsOlderThanMaxUptimeAreClosed() throws Exception {
        try (CometServer server = CometServer.start(CometConfig.parse("""
                [ws]
                ip = 127.0.0.1
                port = 0
                maxUptime = 1
                uptimeTestInterval = 1
                [cometql]
                ip = 127.0.0.1
                port = 0
                maxUptime = 1
                uptimeTestInterval = 1
                [db]
                embedded_path = %s
                """.formatted(dir.resolve("comet"))));
             Connection cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                     + "/CometQL_v1?sslMode=DISABLED", "root", "password");
             WsTestClient browser = WsTestClient.connect(server.wsPort(),
                     WsTestClient.url("undefined", "undefined", "4.08", "maxUptimeUUIDmaxUptimeUUID00001"))) {
            // the greeting, then the close after 1 s (next() fails after 5 s without a frame)
            while (!browser.next().equals(WsTestClient.CLOSED)) {
                continue;
            }
            assertEquals(4102, browser.closeCode, "restart code: connection too old");
            Thread.sleep(1500);
            assertThrows(SQLException.class, () -> {
                try (Statement statement = cometQl.createStatement()) {
                    statement.executeQuery("SELECT 1");
                }
            }, "the CometQL connection was closed");
        }
    }

    @Test
    void withoutAnIntervalNothingExpires() throws Exception {
        // CppComet: maxUptime was enforced by a sweep that only ran every uptimeTestInterval seconds
        try (CometServer server = CometServer.start(CometConfig.parse("""
                [ws]
                ip = 127.0.0.1
                port = 0
                maxUptime = 1
                [cometql]
                thread_num = 0
                [db]
                embedded_path = %s
                """.formatted(dir.resolve("comet"))));
             WsTestClient browser = WsTestClient.connect(server.wsPort(),
                     WsTestClient.url("undefined", "undefined", "4.08", "maxUptimeUUIDmaxUptimeUUID00002"))) {
            Thread.sleep(2500);
            assertEquals(-1, browser.closeCode);
        }
    }
}
