package org.cometserver.esl.transcript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the FreeSWITCH recordings: {@code shared/} is a sibling of the repository ({@code /work/main} and
 * {@code /work/shared}), so walk up from the working directory (the module when Maven runs the tests) to the first
 * directory containing {@code shared/freeswitch/esl-transcripts}.
 */
public final class Transcripts {

    private Transcripts() {
    }

    public static Path directory() {
        Path dir = Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/freeswitch/esl-transcripts");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/freeswitch/esl-transcripts not found above " + dir);
    }

    public static byte[] read(String fileName) {
        try {
            return Files.readAllBytes(directory().resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.server.raw} / {@code *.client.raw} file name, sorted. */
    public static List<String> files(String suffix) {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
