package org.cometserver.dist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9: packaging/comet-server.service has what docs/OPERATIONS.md promises, and systemd accepts it
 * ({@code systemd-analyze verify}).
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "comet-server.service");
    private static final String README_JVM_OPTIONS = "-XX:+UseSerialGC -Xms16m -Xmn8m"
            + " -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Xmx512m";

    @Test
    void hasTheRequiredKeys() throws IOException {
        Map<String, String> keys = new HashMap<>();
        for (String line : Files.readAllLines(UNIT)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                keys.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals("comet", keys.get("User"));
        assertEquals("/var/lib/comet-server", keys.get("WorkingDirectory"));
        assertEquals("on-failure", keys.get("Restart"));
        assertEquals("2", keys.get("RestartPreventExitStatus"), "a bad comet.ini is not fixed by restarting");
        assertTrue(Long.parseLong(keys.get("LimitNOFILE")) >= 65536);
        assertEquals("true", keys.get("NoNewPrivileges"));
        assertEquals("strict", keys.get("ProtectSystem"));
        String execStart = keys.get("ExecStart");
        assertTrue(execStart.contains(README_JVM_OPTIONS + " -jar /opt/comet-server/comet-server.jar --config "
                + "/etc/comet-server/comet.ini"), execStart);
        assertTrue(Files.readString(Path.of("..", "README.md")).contains(README_JVM_OPTIONS),
                "the unit's JVM options are the README's");
    }

    @Test
    void systemdAcceptsIt() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assertTrue(Files.isExecutable(analyze), "systemd-analyze (Debian package systemd, installed by the test command)");
        Process verify = new ProcessBuilder(analyze.toString(), "verify", UNIT.toAbsolutePath().normalize()
                .toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), output);
        assertTrue(output.lines().noneMatch(line -> line.contains("comet-server.service")), output);
    }
}
