package org.cometserver.server.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code mariadb} command line client pointed at a CometQL port, as backends and the CppComet docs run it. */
public final class MariadbCli {
    /** The CometQL password the end-to-end servers are configured with ({@code [main] password}). */
    public static final String PASSWORD = "CometQLPassword";

    /** With CppComet the docs always said {@code --skip-ssl}; we must work both ways. */
    public enum Tls {
        SKIP_SSL, CLIENT_DEFAULT
    }

    private MariadbCli() {
    }

    /** {@code mariadb -h127.0.0.1 -P<port> -uroot -p<password> -DCometQL_v1 [--skip-ssl] <options>}. */
    static List<String> command(int port, String password, Tls tls, String... options) {
        List<String> command = new ArrayList<>(List.of("mariadb", "-h127.0.0.1", "-P" + port, "-uroot",
                "-p" + password, "-DCometQL_v1"));
        if (tls == Tls.SKIP_SSL) {
            command.add("--skip-ssl");
        }
        command.addAll(Arrays.asList(options));
        return command;
    }

    /** One statement with {@code -e}, as the recordings ran most statements. */
    public static ClientProcess.Result execute(int port, Tls tls, String sql, String... options) {
        List<String> command = command(port, PASSWORD, tls, options);
        command.add("-e");
        command.add(sql);
        return ClientProcess.run(command);
    }

    /**
     * A script on stdin in one session, stderr merged into stdout in order (as the recording did with
     * {@code stdbuf -o0 -e0 ... 2>&1}), so errors sit right after the statement they belong to.
     */
    public static ClientProcess.Result session(int port, Tls tls, String script, String... options) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "exec 2>&1; exec stdbuf -o0 -e0 \"$@\"", "bash"));
        command.addAll(command(port, PASSWORD, tls, options));
        return ClientProcess.run(command, script, null);
    }
}
