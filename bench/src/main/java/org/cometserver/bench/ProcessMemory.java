package org.cometserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Resident memory of another process ({@code VmRSS} in {@code /proc/<pid>/status}), and a full GC of a JVM. */
final class ProcessMemory {
    private static final long JCMD_TIMEOUT_SECONDS = 60;

    private ProcessMemory() {
    }

    /** VmRSS in KiB. */
    static long residentKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip());
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /**
     * Runs a full GC in JVM {@code pid} with {@code jcmd <pid> GC.run}, so the RSS read next holds what connections
     * keep alive rather than garbage the young generation has not collected yet. Returns false if jcmd failed.
     */
    static boolean fullGc(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            return false;
        }
        return jcmd.exitValue() == 0;
    }
}
