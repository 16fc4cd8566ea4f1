package org.cometserver.server.testing;

import org.cometserver.server.CometServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comet server in a child JVM started from the test classpath, for tests that need what an in-process server
 * cannot give: its own descriptors, threads and heap to count, its own 20,000-descriptor limit, a {@code kill -9}.
 * Its log goes to a file; ports are read from its "listening on" lines. Closing sends SIGTERM, then SIGKILL.
 */
public final class ChildServer implements AutoCloseable {
    public static final String COMETQL = "CometQL listening on 127\\.0\\.0\\.1:(\\d+)";
    public static final String WEBSOCKET = "WebSocket listening on 127\\.0\\.0\\.1:(\\d+)";
    public static final String DIRECTORY = "FreeSWITCH directory \\(mod_xml_curl\\) listening on 127\\.0\\.0\\.1:(\\d+)";
    private static final long START_SECONDS = 60;

    private final Process process;
    private final Path log;

    private ChildServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java [jvmOptions] CometServer --config ini} in {@code dir}, its output to {@code log}. */
    public static ChildServer start(Path dir, Path ini, Path log, String... jvmOptions) throws IOException {
        List<String> options = new ArrayList<>(List.of(jvmOptions));
        options.addAll(List.of("--config", ini.toString()));
        return new ChildServer(java(dir, CometServer.class, log, options), log);
    }

    /** Starts {@code main} of the test classpath in a JVM of its own; arguments starting with -X/-D go to the JVM. */
    public static Process java(Path dir, Class<?> main, Path output, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        arguments.stream().filter(ChildServer::isJvmOption).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        arguments.stream().filter(a -> !isJvmOption(a)).forEach(command::add);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    private static boolean isJvmOption(String argument) {
        return argument.startsWith("-X") || argument.startsWith("-D");
    }

    /** The port of the first log line matching {@code listening} (e.g. {@link #COMETQL}); waits for it. */
    public int port(String listening) throws InterruptedException, IOException {
        Pattern pattern = Pattern.compile(".*" + listening + ".*");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                try (BufferedReader lines = Files.newBufferedReader(log)) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        Matcher m = pattern.matcher(line);
                        if (m.matches()) {
                            return Integer.parseInt(m.group(1));
                        }
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("server exited (" + process.exitValue() + ") before listening; see " + log);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line matching " + listening + " in " + log);
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    /** Open file descriptors of the server process. */
    public int descriptors() {
        try (var fds = Files.list(Path.of("/proc", String.valueOf(process.pid()), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Threads of the server process. */
    public int threads() {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToInt(l -> Integer.parseInt(l.substring(8).trim()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the process dies without a chance to write anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, up to 30 s for a clean exit, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
