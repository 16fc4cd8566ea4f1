package org.cometserver.bench;

/**
 * One server to load: where it is, how to log in, the statement to repeat, and (optionally) its process id so the
 * server's CPU time per statement can be read from {@code /proc}.
 *
 * @param name     label printed in the results
 * @param database sent in the handshake (CONNECT_WITH_DB), or null
 * @param pid      server process id, or 0 when unknown
 */
record BenchTarget(String name, String host, int port, String user, String password, String database, String sql,
                   long pid) {
}
