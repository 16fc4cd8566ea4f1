package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void readsThisJvmsGrowingCpuTime() throws IOException {
        ProcessCpu cpu = new ProcessCpu(ProcessHandle.current().pid(), 100);
        long before = cpu.cpuNanos();
        long sink = spin(200_000_000L);
        long after = cpu.cpuNanos();
        assertTrue(before > 0, "a running JVM has used CPU");
        assertTrue(after - before >= 180_000_000L, "200 ms of this thread's CPU, less one 10 ms tick at each end; "
                + "sink " + sink);
    }

    @Test
    void readsThisJvmsLiveThreadsCpuTimeToTheNanosecond() throws IOException {
        ProcessCpu cpu = new ProcessCpu(ProcessHandle.current().pid(), 100);
        long before = cpu.liveThreadsCpuNanos();
        long sink = spin(50_000_000L);
        long after = cpu.liveThreadsCpuNanos();
        assertTrue(after - before >= 50_000_000L, "50 ms of this (live) thread's CPU; sink " + sink);
        assertThrows(IOException.class, () -> new ProcessCpu(Integer.MAX_VALUE, 100).liveThreadsCpuNanos());
    }

    @Test
    void failsForAProcessThatDoesNotExist() {
        assertThrows(IOException.class, () -> new ProcessCpu(Integer.MAX_VALUE, 100).cpuNanos());
    }

    /** Uses {@code nanos} of this thread's CPU time (CPU time, so a busy machine cannot fail the tests). */
    private static long spin(long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long spinUntil = threads.getCurrentThreadCpuTime() + nanos;
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < spinUntil) {
            sink += sink * 31 + 1;
        }
        return sink;
    }
}
