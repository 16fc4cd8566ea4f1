package org.cometserver.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs the real main class in a child JVM: listening line, SIGTERM, exit codes. */
class CometServerProcessTest {
    private static final Pattern LISTENING = Pattern.compile(".*CometQL listening on 127\\.0\\.0\\.1:(\\d+) .*");

    @TempDir
    Path dir;

    @Test
    void logsListeningLineAndExitsZeroOnSigterm() throws Exception {
        Path ini = writeConfig(0, "");
        Process process = start("--config", ini.toString());
        try (BufferedReader out = reader(process)) {
            int port = awaitListening(out, process);
            assertTrue(port > 0);
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void acceptsCppCometsConfFlag() throws Exception {
        Path ini = writeConfig(0, "");
        Process process = start("--conf", ini.toString());
        try (BufferedReader out = reader(process)) {
            awaitListening(out, process);
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void invalidConfigExitsTwoWithOneLineReason() throws Exception {
        Path ini = dir.resolve("bad.ini");
        Files.writeString(ini, "[cometql]\nport = abc\n");
        Result result = run("--config", ini.toString());
        assertEquals(2, result.exit);
        assertEquals(List.of("comet-server: invalid configuration: [cometql] port: not a number: 'abc'"), result.err);
    }

    @Test
    void takenPortExitsOneWithOneLineReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Result result = run("--config", writeConfig(taken.getLocalPort(), "").toString());
            assertEquals(1, result.exit);
            assertEquals(List.of("comet-server: cannot bind [cometql] 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use"), result.err);
        }
    }

    @Test
    void invalidIpExitsOneWithOneLineReason() throws Exception {
        Result result = run("--config", writeConfig(0, "[ws]\nip = 999.1.1.1\n").toString());
        assertEquals(1, result.exit);
        assertEquals(List.of("comet-server: cannot bind [ws] 999.1.1.1:0: invalid address"), result.err);
    }

    @Test
    void dataFolderInUseFailsFastWithOneLineReason() throws Exception {
        Path ini = writeConfig(0, "");
        Process first = start("--config", ini.toString());
        try (BufferedReader out = reader(first)) {
            awaitListening(out, first);
            Result second = run("--config", ini.toString());
            assertEquals(1, second.exit);
            assertEquals(List.of("comet-server: cannot open H2 " + dir.resolve("data/comet") + ": the database file is"
                    + " in use by another process (another comet server with the same [db] embedded_path?)"),
                    second.err);
            // [db] connection_attempts is 10, 5 s apart: a lock is not worth retrying
            assertTrue(second.out.stream().noneMatch(line -> line.contains("connection attempt")), second.out
                    .toString());
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpAndUnknownArguments() throws Exception {
        Result help = run("--help");
        assertEquals(0, help.exit);
        assertTrue(help.out.get(0).startsWith("Usage: "), help.out.toString());
        Result unknown = run("--bogus");
        assertEquals(2, unknown.exit);
        assertEquals(List.of("comet-server: unknown argument --bogus (try --help)"), unknown.err);
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        Result version = run("--version");
        assertEquals(0, version.exit);
        assertEquals(1, version.out.size(), version.out.toString());
        assertTrue(version.out.get(0).matches("comet-server \\d+\\.\\d+\\.\\d+.*"), version.out.toString());
        assertEquals("comet-server " + Version.get(), version.out.get(0));
    }

    @Test
    void startLineNamesVersionConfigStoreAndListeners() throws Exception {
        Path ini = writeConfig(0, "");
        Process process = start("--config", ini.toString());
        try (BufferedReader out = reader(process)) {
            int port = awaitListening(out, process);
            String line;
            String started = null;
            while ((line = out.readLine()) != null) {
                if (line.contains("comet-server " + Version.get() + " started")) {
                    started = line;
                    break;
                }
            }
            assertTrue(started != null, "start line");
            assertTrue(started.contains("config " + ini.toAbsolutePath()), started);
            assertTrue(started.contains("store H2 " + dir.resolve("data/comet").toAbsolutePath()), started);
            assertTrue(started.contains("cometql 127.0.0.1:" + port), started);
            assertTrue(started.matches(".*ws 127\\.0\\.0\\.1:\\d+, freeswitch off.*"), started);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private Path writeConfig(int port, String extra) throws IOException {
        Path ini = dir.resolve("comet-" + System.nanoTime() + ".ini");
        Files.writeString(ini, "[ws]\nip = 127.0.0.1\nport = 0\n"
                + "[cometql]\nip = 127.0.0.1\nport = " + port + "\n[db]\nembedded_path = "
                + dir.resolve("data/comet") + "\n" + extra);
        return ini;
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), CometServer.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    private record Result(int exit, List<String> out, List<String> err) {
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), CometServer.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("did not exit: " + String.join(" ", args));
        }
        return new Result(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static int awaitListening(BufferedReader out, Process process) throws IOException {
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no listening line before exit " + process.isAlive() + ": " + seen);
    }
}
