package org.cometserver.cometql.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code SHOW FILESYSTEM|RAM|AVG|UPTIME STATUS}: real host figures, from a /proc copy where exact values matter. */
class HostStatusTest {
    private final CometQlFixture f = new CometQlFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void showStatementsAnswerRealFigures() {
        StatementResult.Rows filesystem = f.sql("SHOW FILESYSTEM STATUS")
                .columns("Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on").rows();
        assertEquals(1, filesystem.rows().size());
        assertTrue(filesystem.rows().get(0)[4].matches("\\d+%"), filesystem.rows().get(0)[4]);
        assertEquals(Path.of("").toAbsolutePath().toString(), filesystem.rows().get(0)[5]);
        f.sql("show ram status").columns("Variable_name", "Value");
        assertTrue(names(f.sql("SHOW RAM STATUS").rows()).contains("process_heap_max"));
        assertTrue(names(f.sql("SHOW AVG STATUS").rows()).startsWith("avg_1"));
        assertTrue(names(f.sql("SHOW UPTIME STATUS").rows()).contains("process_uptime"));
        f.sql("SHOW DISK STATUS").fails(3, "Syntax error in query");
    }

    @Test
    void procFilesAreReportedAsTheySay(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16318412 kB\nMemFree:         1234 kB\n"
                + "MemAvailable:    5678 kB\nHugePages_Total:       0\n");
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nVmRSS:\t  204800 kB\n");
        Files.writeString(proc.resolve("loadavg"), "0.52 0.58 0.59 3/1064 12345\n");
        Files.writeString(proc.resolve("uptime"), "350735.47 234388.90\n");
        HostStatus host = new HostStatus(proc, proc);

        Map<String, String> ram = host.ram();
        assertEquals("16318412 kB", ram.get("MemTotal"));
        assertEquals("5678 kB", ram.get("MemAvailable"));
        assertEquals("204800 kB", ram.get("process_rss"));
        assertEquals(Map.of("avg_1", "0.52", "avg_5", "0.58", "avg_15", "0.59", "processes_running", "3",
                "processes_total", "1064"), host.loadAverages());
        assertEquals("350735", host.uptime().get("system_uptime"));
    }

    @Test
    void sizesAreWrittenAsDfDashH() {
        assertEquals("512", HostStatus.human(512));
        assertEquals("1.0K", HostStatus.human(1024));
        assertEquals("1.5M", HostStatus.human(1536 * 1024));
        assertEquals("20G", HostStatus.human(19L * 1024 * 1024 * 1024 + 1));
    }

    private static String names(StatementResult.Rows rows) {
        StringBuilder names = new StringBuilder();
        rows.rows().forEach(row -> names.append(row[0]).append(' '));
        return names.toString();
    }
}
