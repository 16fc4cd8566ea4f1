package org.cometserver.server.config;

/**
 * {@code [db]}: where the store lives. An empty {@code host} selects the embedded H2 database at
 * {@code embeddedPath}; otherwise MariaDB/MySQL through Connector/J.
 *
 * @param host               database server; empty = embedded H2 (CppComet required a MySQL server)
 * @param port               database port (default 3306)
 * @param user               login user
 * @param password           login password
 * @param name               database (schema) name
 * @param connectionAttempts tries at start, 5 s apart as in CppComet (default 10)
 * @param embeddedPath       H2 file path without extension (default {@code ./data/comet})
 * @param poolSize           connections in the pool (default 8)
 * @param embeddedWriteDelay milliseconds the embedded store may keep commits in memory before writing them (H2's
 *                           {@code WRITE_DELAY}); default 0: every OK is on disk (in the OS) before it is sent, so
 *                           it survives a crash of the process. More trades that for write speed (docs/BENCHMARKS.md)
 */
public record DbSection(String host, int port, String user, String password, String name, int connectionAttempts,
                        String embeddedPath, int poolSize, int embeddedWriteDelay) {

    static DbSection read(IniSection s) {
        s.accept("buf_size");
        return new DbSection(
                s.string("host", ""),
                s.port("port", 3306),
                s.string("user", ""),
                s.string("password", ""),
                s.string("name", ""),
                s.integer("connection_attempts", 10, 1, 1000),
                s.string("embedded_path", "./data/comet"),
                s.integer("pool_size", 8, 1, 256),
                s.integer("embedded_write_delay", 0, 0, 60_000));
    }

    public boolean embedded() {
        return host.isEmpty();
    }

    /** Where the store is, for the start line: {@code H2 /abs/path} or {@code MariaDB host:port/name}. */
    public String location() {
        return embedded() ? "H2 " + java.nio.file.Path.of(embeddedPath).toAbsolutePath().normalize()
                : "MariaDB " + host + ":" + port + "/" + name;
    }
}
