package org.cometserver.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs a real client program (mariadb, php, python) as a subprocess and captures what it printed. */
public final class ClientProcess {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Own threads: the common pool has one thread on 2 cores, and stdout and stderr must drain at the same time. */
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "client-output");
        thread.setDaemon(true);
        return thread;
    });

    private ClientProcess() {
    }

    /** What a finished client printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Fails the test with the full output unless the client exited with 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                fail("client failed: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n--- exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Result run(List<String> command) {
        return run(command, null, null);
    }

    /** Runs {@code command} in {@code directory} (null: inherited), feeding {@code stdin} (null: none). */
    static Result run(List<String> command, String stdin, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("LC_ALL", "C.UTF-8");
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("client did not finish within " + TIMEOUT + ": " + command);
            }
            return new Result(command, process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINERS);
    }
}
