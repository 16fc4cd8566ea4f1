package org.cometserver.server.transport.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Files served over HTTP on the {@code [ws]} port: our JS client ({@code /js/<file>}, read once from the classpath of
 * module js-client) and, when {@code [main] base_dir} is set, files below it whose extension has a
 * {@code [content-type]} (docs/CPPCOMET.md §1.3). Base-dir reads block: call {@link #read} off the event loop.
 */
final class StaticFiles {
    static final String JS_PREFIX = "/js/";
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    // JsSIP for the video API (module js-client's build-jssip.mjs): 3.x, and the 2.0.6 CppComet pages load
    private static final String[] JS_FILES = {"comet-client.js", "comet-client.mjs", "comet-client.d.ts",
            "jssip.min.js", "jssip-2.0.6.min.js"};
    private static final Map<String, String> JS_TYPES = Map.of("js", "application/javascript; charset=utf-8",
            "mjs", "application/javascript; charset=utf-8", "ts", "application/typescript; charset=utf-8");

    /** A file's bytes and content type. */
    record StaticFile(byte[] body, String contentType) {
    }

    private final Map<String, StaticFile> jsClient = new HashMap<>();
    private final Path baseDir;
    private final Map<String, String> contentTypes;

    StaticFiles(String baseDir, Map<String, String> contentTypes) {
        this.baseDir = baseDir.isEmpty() ? null : realPath(Path.of(baseDir).toAbsolutePath().normalize());
        this.contentTypes = contentTypes;
        for (String name : JS_FILES) {
            try (InputStream in = StaticFiles.class.getResourceAsStream("/org/cometserver/js/" + name)) {
                if (in != null) {
                    jsClient.put(JS_PREFIX + name, new StaticFile(in.readAllBytes(), JS_TYPES.get(extension(name))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the JS client " + name, e);
            }
        }
    }

    /** One of our JS client's files (path already without {@code /comet-server}); never blocks. */
    Optional<StaticFile> jsClient(String path) {
        return Optional.ofNullable(jsClient.get(path));
    }

    boolean servesBaseDir() {
        return baseDir != null;
    }

    /**
     * A file below {@code base_dir}; empty when absent, outside it (symbolic links resolved), too big or of an
     * unmapped extension. Blocks.
     */
    Optional<StaticFile> read(String path) {
        if (baseDir == null || path.contains("..")) {
            return Optional.empty();
        }
        String extension = extension(path);
        // INDEX.HTML is an html file too; a [content-type] key written in capitals still wins for its own spelling
        String type = contentTypes.getOrDefault(extension, contentTypes.get(extension.toLowerCase(Locale.ROOT)));
        if (type == null) {
            return Optional.empty();
        }
        try {
            // a symbolic link below base_dir must not lead out of it
            Path file = baseDir.resolve(path.substring(1)).toRealPath();
            if (!file.startsWith(baseDir) || !Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new StaticFile(Files.readAllBytes(file), type));
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** {@code dir} with symbolic links resolved; as given while it does not exist (every read then fails). */
    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 || path.indexOf('/', dot) >= 0 ? "" : path.substring(dot + 1);
    }
}
