package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadRunTest {
    private static BenchOptions options(int port, String sql) {
        return BenchOptions.parse("connections=2", "warmup=0", "duration=1", "sample-every=1",
                "cometql.port=" + port, "cometql.sql=" + sql, "cometql.pid=" + ProcessHandle.current().pid());
    }

    @Test
    void countsAnsweredQueriesAndSamplesLatency() throws Exception {
        try (FakeMysqlServer server = new FakeMysqlServer(sql -> CppCometRecording.INSERT_OK_FRAMED, false)) {
            BenchOptions options = options(server.port(), BenchOptions.COMETQL_INSERT);
            TargetResult result = new LoadRun(options).run(options.targets().get(0));
            assertFalse(result.failed(), result.line());
            assertTrue(result.queries() > 0);
            assertTrue(result.p50Nanos() > 0 && result.p99Nanos() >= result.p50Nanos(), result.line());
            assertTrue(result.serverCpuNanos() >= 0, "server pid given, so its CPU time is read");
            assertEquals(2, result.connections());
        }
    }

    @Test
    void failsTheRunOnErrAnswers() throws Exception {
        try (FakeMysqlServer server = new FakeMysqlServer(sql -> CppCometRecording.ERR_FRAMED, false)) {
            BenchOptions options = options(server.port(), "bad");
            TargetResult result = new LoadRun(options).run(options.targets().get(0));
            assertTrue(result.failed());
            assertTrue(result.errors() > 0);
            assertEquals("ERR 17: Channel name is too short", result.problem());
        }
    }

    @Test
    void failsTheRunWhenTheServerDropsConnections() throws Exception {
        FakeMysqlServer server = new FakeMysqlServer(sql -> CppCometRecording.INSERT_OK_FRAMED, false);
        BenchOptions options = BenchOptions.parse("connections=2", "warmup=1", "duration=1",
                "cometql.port=" + server.port());
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
        TargetResult result = new LoadRun(options).run(options.targets().get(0));
        closer.join();
        assertEquals(2, result.ioFailures());
        assertTrue(result.failed());
        assertTrue(result.problem().startsWith("connection failed"), result.problem());
    }

    @Test
    void closesConnectionsOfAServerThatStopsAnswering() throws Exception {
        try (FakeMysqlServer server = new FakeMysqlServer(sql -> new byte[0], false)) {
            BenchOptions options = options(server.port(), BenchOptions.COMETQL_INSERT);
            TargetResult result = new LoadRun(options, 200).run(options.targets().get(0));
            assertEquals(2, result.ioFailures());
            assertEquals(0, result.queries());
            assertTrue(result.failed());
        }
    }
}
