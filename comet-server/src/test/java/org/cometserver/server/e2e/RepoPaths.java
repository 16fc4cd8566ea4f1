package org.cometserver.server.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, its test scripts and its recorded test data are, seen from the working directory. */
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

    /**
     * {@code <repo>/testdata}: the recordings of CppComet 4.09 and FreeSWITCH 1.10.12 the tests replay, kept in the
     * repository so that a clone tests on its own (see {@code testdata/README.md}).
     */
    static Path testdata() {
        Path testdata = root().resolve("testdata");
        if (!Files.isDirectory(testdata)) {
            throw new IllegalStateException("recordings not found at " + testdata);
        }
        return testdata;
    }

    /** {@code <repo>/testdata/cppcomet}: byte-level recordings of the real CppComet 4.09. */
    static Path cppcometRecordings() {
        return testdata().resolve("cppcomet");
    }

    /** A client script under {@code comet-server/src/test/<language>/}. */
    static Path testScript(String language, String name) {
        return root().resolve("comet-server/src/test").resolve(language).resolve(name);
    }
}
