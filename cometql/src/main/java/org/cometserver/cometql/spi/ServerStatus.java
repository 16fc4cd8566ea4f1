package org.cometserver.cometql.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Figures for {@code SHOW [GLOBAL|SESSION|FILESYSTEM] STATUS} and {@code SHOW PROCESSLIST}. Non-blocking. */
public interface ServerStatus {

    /** {@code SHOW [SESSION] STATUS}: per-dev figures, in display order. */
    Map<String, String> sessionStatus(int devId);

    /** {@code SHOW GLOBAL STATUS}: process-wide figures, in display order. */
    Map<String, String> globalStatus();

    /** {@code SHOW PROCESSLIST} rows as {@code ServiceName, id, status, count}. */
    List<String[]> services();

    /** The directory the server keeps its data in: {@code SHOW FILESYSTEM STATUS} reports its file system. */
    Path dataDirectory();
}
