package org.cometserver.esl.transcript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The event-socket recordings of a real FreeSWITCH 1.10.12, kept in the repository at
 * {@code testdata/freeswitch/esl-transcripts} (see {@code testdata/README.md}) so that a clone tests on its own. Maven
 * runs the tests in the module directory, so the repository root is its parent. A missing folder or an empty file
 * list fails the test that asked, never yields zero tests.
 */
public final class Transcripts {

    private Transcripts() {
    }

    /** {@code <repo>/testdata/freeswitch/esl-transcripts}. */
    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath().resolveSibling("testdata").resolve("freeswitch/esl-transcripts");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("recordings not found at " + dir);
        }
        return dir;
    }

    public static byte[] read(String fileName) {
        try {
            return Files.readAllBytes(directory().resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.server.raw} / {@code *.client.raw} file name, sorted; at least one. */
    public static List<String> files(String suffix) {
        List<String> names;
        try (Stream<Path> files = Files.list(directory())) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no *" + suffix + " in " + directory());
        }
        return names;
    }
}
