package org.cometserver.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the start-up log warns about: a listener reachable from other hosts without the protection it needs
 * (docs/SECURITY.md). The server still starts — these are choices an operator may make on purpose — but never
 * silently.
 */
public final class SecurityWarnings {
    /** {@code [freeswitch] password} as shipped in comet.ini.example and freeswitch-conf/vars.xml. */
    static final String DEFAULT_DIRECTORY_PASSWORD = "change-me";

    private SecurityWarnings() {
    }

    /** One line per finding, empty when nothing is exposed. */
    public static List<String> of(CometConfig config) {
        List<String> warnings = new ArrayList<>();
        if (config.main().protectedMode()) {
            warnings.add("[main] password is the built-in default: CometQL answers loopback clients only (protected"
                    + " mode) and browser JWT logins are refused; set [main] password in comet.ini");
        }
        ListenerSettings ws = config.ws().listener();
        if (ws.enabled() && !isLoopback(ws.ip()) && config.ws().allowsAnyOrigin()) {
            warnings.add("[ws] listens on " + ws.ip() + " with host = *: pages of any web site may connect; list"
                    + " your sites' origins in [ws] host");
        }
        ListenerSettings directory = config.freeswitch().listener();
        // an empty allow list answers loopback clients only
        boolean directoryExposed = config.freeswitch().allow().stream().anyMatch(a -> !isLoopback(a));
        if (directory.enabled() && !isLoopback(directory.ip()) && directoryExposed) {
            if (config.freeswitch().user().isEmpty()) {
                warnings.add("[freeswitch] listens on " + directory.ip() + " without basic auth: set [freeswitch]"
                        + " user and password");
            } else if (config.freeswitch().password().equals(DEFAULT_DIRECTORY_PASSWORD)) {
                warnings.add("[freeswitch] listens on " + directory.ip() + " with the shipped password"
                        + " 'change-me': set [freeswitch] password (and freeswitch-conf/vars.xml)");
            }
        }
        return warnings;
    }

    /** Whether {@code ip} (a bind address or an allow entry, possibly a CIDR block) is loopback only. */
    static boolean isLoopback(String ip) {
        int slash = ip.indexOf('/');
        try {
            return InetAddress.getByName(slash < 0 ? ip : ip.substring(0, slash)).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
