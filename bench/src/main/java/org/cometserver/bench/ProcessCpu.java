package org.cometserver.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /**
     * Waits until the process has used less than {@code idleShare} of one core in each of {@code quietSeconds}
     * consecutive seconds, at most {@code maxSeconds}: a server that just opened its ports may still be finishing its
     * start in the background (e.g. warm-ups). Returns the seconds waited.
     */
    long awaitQuiet(double idleShare, int quietSeconds, int maxSeconds) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long previous = cpuNanos();
        int quiet = 0;
        while (quiet < quietSeconds && System.nanoTime() - started < maxSeconds * 1_000_000_000L) {
            Thread.sleep(1000);
            long now = cpuNanos();
            quiet = now - previous < idleShare * 1e9 ? quiet + 1 : 0;
            previous = now;
        }
        return (System.nanoTime() - started) / 1_000_000_000L;
    }

    /**
     * Nanosecond-precise CPU time of the process's live threads (first field of each
     * {@code /proc/<pid>/task/<tid>/schedstat}): for redis-server, whose few microseconds per publication vanish in
     * {@link #cpuNanos}'s 10 ms ticks. Threads that have exited are not counted, so not for JVMs.
     */
    long liveThreadsCpuNanos() throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                } catch (NoSuchFileException exited) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return sum;
    }
}
