package org.cometserver.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9: packaging/comet-server.service has what docs/OPERATIONS.md promises, and systemd accepts it
 * ({@code systemd-analyze verify}).
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "comet-server.service");
    private static final String README_JVM_OPTIONS = "-XX:+UseSerialGC -Xms16m -Xmn8m"
            + " -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Xmx512m -XX:TrimNativeHeapInterval=5000";
    private static final String README_ENVIRONMENT = "MALLOC_ARENA_MAX=2";
    private static final String JAR = "/opt/comet-server/comet-server.jar";

    @Test
    void hasTheRequiredKeys() throws IOException {
        Map<String, String> keys = keys();
        assertEquals("comet", keys.get("User"));
        assertEquals("/var/lib/comet-server", keys.get("WorkingDirectory"));
        assertEquals("on-failure", keys.get("Restart"));
        assertEquals("2", keys.get("RestartPreventExitStatus"), "a bad comet.ini is not fixed by restarting");
        assertTrue(Long.parseLong(keys.get("LimitNOFILE")) >= 65536);
        assertEquals("true", keys.get("NoNewPrivileges"));
        assertEquals("strict", keys.get("ProtectSystem"));
        String execStart = keys.get("ExecStart");
        assertTrue(execStart.contains("exec /usr/bin/java " + README_JVM_OPTIONS + " $${cds}=comet-server.jsa -jar "
                + JAR + " --config /etc/comet-server/comet.ini"), execStart);
        assertEquals(README_ENVIRONMENT, keys.get("Environment"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains(README_JVM_OPTIONS), "the unit's JVM options are the README's");
        assertTrue(readme.contains(README_ENVIRONMENT), "the unit's environment is the README's");
    }

    /** Issue #13: the first start writes the class-data archive at exit, later ones map it, a new jar drops it. */
    @Test
    void writesTheClassArchiveOnceAndMapsItAfterwards(@TempDir Path dir) throws Exception {
        Map<String, String> keys = keys();
        Path jar = Files.writeString(dir.resolve("comet-server.jar"), "jar");
        Path archive = dir.resolve("comet-server.jsa");
        assertTrue(run(dir, keys.get("ExecStart"), jar).contains("-XX:ArchiveClassesAtExit=comet-server.jsa"));

        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        run(dir, keys.get("ExecStartPre"), jar);
        assertTrue(Files.exists(archive), "an archive newer than the jar is kept");
        assertTrue(run(dir, keys.get("ExecStart"), jar).contains("-XX:SharedArchiveFile=comet-server.jsa"));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        run(dir, keys.get("ExecStartPre"), jar);
        assertFalse(Files.exists(archive), "an archive older than the jar (an upgrade) is dropped");
    }

    private static Map<String, String> keys() throws IOException {
        Map<String, String> keys = new HashMap<>();
        for (String line : Files.readAllLines(UNIT)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                keys.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return keys;
    }

    /**
     * Runs a unit's command line in {@code dir} (its WorkingDirectory) as systemd would ({@code $$} is a literal
     * {@code $}), with {@code echo} in place of java and {@code jar} in place of the installed jar; returns the output.
     */
    private static String run(Path dir, String command, Path jar) throws Exception {
        String sh = "/bin/sh -c '";
        assertTrue(command.startsWith(sh) && command.endsWith("'"), command);
        String script = command.substring(sh.length(), command.length() - 1).replace("$$", "$")
                .replace("exec /usr/bin/java ", "exec echo ").replace(JAR, jar.toString());
        Process process = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
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
