package org.cometserver.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code [main] pidfile}: written at start when set, removed at clean shutdown. */
final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** Writes the pid to {@code file}; returns null when {@code file} is empty (no pidfile configured). */
    static PidFile write(String file) {
        if (file.isEmpty()) {
            return null;
        }
        Path path = Path.of(file);
        try {
            Files.writeString(path, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pidfile " + path + ": " + e.getMessage(), e);
        }
        return new PidFile(path);
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stale pidfile is harmless: the next start overwrites it
        }
    }
}
