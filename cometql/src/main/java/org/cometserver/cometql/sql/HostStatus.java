package org.cometserver.cometql.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code SHOW FILESYSTEM|RAM|AVG|UPTIME STATUS}: host figures CppComet took from {@code df -h},
 * {@code /proc/meminfo}, {@code /proc/loadavg} and {@code /proc/uptime} (docs/CPPCOMET.md §2.6). Read on
 * every call: /proc files are in memory, so this does not block. Where /proc is missing (not Linux) the JVM's
 * own figures stand in.
 */
final class HostStatus {
    static final List<String> FILESYSTEM_HEADER = List.of("Filesystem", "Size", "Used", "Avail", "Use%",
            "Mounted on");
    private static final Path PROC = Path.of("/proc");
    private static final List<String> MEMINFO_KEYS = List.of("MemTotal", "MemFree", "MemAvailable", "Buffers",
            "Cached", "SwapTotal", "SwapFree");

    private final Path dataDirectory;
    private final Path proc;

    HostStatus(Path dataDirectory) {
        this(dataDirectory, PROC);
    }

    /** @param proc where /proc is (tests point it at a copy) */
    HostStatus(Path dataDirectory, Path proc) {
        this.dataDirectory = dataDirectory;
        this.proc = proc;
    }

    /** One df-style row for the file system holding the data directory, sizes in df -h's units. */
    List<String[]> filesystem() {
        try {
            Path existing = dataDirectory.toAbsolutePath();
            while (!Files.exists(existing) && existing.getParent() != null) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing);
            long size = store.getTotalSpace();
            long avail = store.getUsableSpace();
            long used = size - store.getUnallocatedSpace();
            long percent = used + avail == 0 ? 0 : (used * 100 + used + avail - 1) / (used + avail);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{store.name(), human(size), human(used), human(avail), percent + "%",
                    existing.toString()});
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // answered as ERR 500, the details logged
        }
    }

    /** /proc/meminfo's main lines (kB) and this process's resident set ({@code VmRSS}) and Java heap. */
    Map<String, String> ram() {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> meminfo = keyValues(proc.resolve("meminfo"));
        for (String key : MEMINFO_KEYS) {
            if (meminfo.containsKey(key)) {
                values.put(key, meminfo.get(key));
            }
        }
        if (values.isEmpty()
                && ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            values.put("MemTotal", os.getTotalMemorySize() / 1024 + " kB");
            values.put("MemFree", os.getFreeMemorySize() / 1024 + " kB");
        }
        String rss = keyValues(proc.resolve("self/status")).get("VmRSS");
        if (rss != null) {
            values.put("process_rss", rss);
        }
        Runtime runtime = Runtime.getRuntime();
        values.put("process_heap_used", (runtime.totalMemory() - runtime.freeMemory()) / 1024 + " kB");
        values.put("process_heap_max", runtime.maxMemory() / 1024 + " kB");
        return values;
    }

    /** /proc/loadavg: the 1, 5 and 15 minute load averages and the running/total scheduling entities. */
    Map<String, String> loadAverages() {
        Map<String, String> values = new LinkedHashMap<>();
        String[] fields = firstLine(proc.resolve("loadavg")).split("\\s+");
        if (fields.length >= 4) {
            values.put("avg_1", fields[0]);
            values.put("avg_5", fields[1]);
            values.put("avg_15", fields[2]);
            String[] processes = fields[3].split("/");
            values.put("processes_running", processes[0]);
            values.put("processes_total", processes.length > 1 ? processes[1] : "");
        } else {
            values.put("avg_1", String.format(Locale.ROOT, "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        }
        return values;
    }

    /** Seconds the host (/proc/uptime) and this process have been up. */
    Map<String, String> uptime() {
        Map<String, String> values = new LinkedHashMap<>();
        String[] fields = firstLine(proc.resolve("uptime")).split("\\s+");
        if (!fields[0].isEmpty()) {
            values.put("system_uptime", fields[0].replaceFirst("\\..*", ""));
        }
        values.put("process_uptime", Long.toString(ManagementFactory.getRuntimeMXBean().getUptime() / 1000));
        return values;
    }

    /** {@code Key: value} lines; empty when the file cannot be read. */
    private static Map<String, String> keyValues(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    values.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc hidden: the caller falls back to the JVM's figures
        }
        return values;
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "" : lines.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return ""; // not Linux: the caller falls back to the JVM's figures
        }
    }

    /** df -h's units: powers of 1024, one decimal below 10 (rounded up, as df does). */
    static String human(long bytes) {
        String units = "BKMGTPE";
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return Long.toString(bytes);
        }
        String number = value < 10 ? String.format(Locale.ROOT, "%.1f", Math.ceil(value * 10) / 10)
                : Long.toString((long) Math.ceil(value));
        return number + units.charAt(unit);
    }
}
