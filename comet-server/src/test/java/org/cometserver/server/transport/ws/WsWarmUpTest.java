package org.cometserver.server.transport.ws;

import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #9: the start-up warm-up is greeted without a store, and the started server's hub never saw it. */
class WsWarmUpTest {
    @TempDir
    Path dir;

    @Test
    void warmUpConnectionIsGreetedWithoutStore() {
        // its store executor refuses every task: a greeting proves the anonymous login needed none
        assertTrue(WsWarmUp.run(CometConfig.parse("")));
    }

    @Test
    void startedServerShowsNoTraceOfTheWarmUp() {
        try (CometServer server = CometServer.start(CometConfig.parse("""
                [db]
                embedded_path = %s
                [cometql]
                thread_num = 0
                [ws]
                ip = 127.0.0.1
                port = 0
                """.formatted(dir.resolve("comet"))))) {
            assertEquals(0, server.hub().connectsTotal());
            assertEquals(0, server.hub().connectionCount());
            assertEquals(0, server.hub().subscriberCount(0, "warm_up"));
        }
    }
}
