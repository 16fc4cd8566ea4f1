package org.cometserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system) a process has used so far, read from {@code /proc/<pid>/stat}. */
final class ProcessCpu {
    /** Fields 14 and 15 of /proc/pid/stat, counted after the ")" that ends the command name (which may hold spaces). */
    private static final int UTIME_AFTER_COMMAND = 11;

    private final long pid;
    private final long nanosPerTick;

    ProcessCpu(long pid, int clockTicksPerSecond) {
        this.pid = pid;
        this.nanosPerTick = 1_000_000_000L / clockTicksPerSecond;
    }

    /** Returns the process's user + system CPU time in nanoseconds. */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[UTIME_AFTER_COMMAND + 1]);
        return ticks * nanosPerTick;
    }
}
