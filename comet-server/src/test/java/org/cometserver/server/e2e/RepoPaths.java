package org.cometserver.server.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, its test scripts and the read-only recordings beside it are, seen from the working directory. */
final class RepoPaths {
    private RepoPaths() {
    }

    /** The repository root: the nearest directory upwards holding the parent pom and the comet-server module. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("pom.xml")) && Files.isDirectory(candidate.resolve("comet-server"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    /** {@code <repo>/../shared}: the read-only recordings and specs beside the repository. */
    static Path shared() {
        Path shared = root().resolveSibling("shared");
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("shared/ not found at " + shared);
        }
        return shared;
    }

    /** {@code <repo>/../shared/cppcomet}: byte-level recordings of the real CppComet 4.09. */
    static Path cppcometRecordings() {
        return shared().resolve("cppcomet");
    }

    /** A client script under {@code comet-server/src/test/<language>/}. */
    static Path testScript(String language, String name) {
        return root().resolve("comet-server/src/test").resolve(language).resolve(name);
    }
}
