package org.cometserver.server.config;

import org.cometserver.xmlcurl.XmlCurlConfig;

import java.util.Arrays;
import java.util.List;

/**
 * {@code [freeswitch]}: the HTTP endpoint FreeSWITCH's mod_xml_curl asks for SIP users.
 *
 * @param listener ip 0.0.0.0, port 8082, thread_num 0 (off, as in CppComet's shipped comet.ini)
 * @param allow    client IPs or CIDR blocks allowed; empty = loopback only (CppComet had no check at all)
 * @param user     basic-auth user; empty = no basic auth
 * @param password basic-auth password
 * @param recordDir directory on the FreeSWITCH host that {@code conference_settings.record} records rooms into
 *                  (absolute, no white space; default {@code /var/lib/freeswitch/recordings})
 */
public record FreeswitchSection(ListenerSettings listener, List<String> allow, String user, String password,
                                String recordDir) {
    static final String DEFAULT_RECORD_DIR = "/var/lib/freeswitch/recordings";

    /** A few FreeSWITCH nodes ask the directory, each over a handful of connections. */
    static final ListenerSettings.Limits DEFAULT_LIMITS = new ListenerSettings.Limits(256, 0, 256, 10);

    static FreeswitchSection read(IniSection s) {
        // CppComet: every listener section had them; a directory connection lives at most handshake_timeout anyway
        s.accept("maxUptime", "uptimeTestInterval");
        List<String> allow = Arrays.stream(s.string("allow", "").split(","))
                .map(String::strip).filter(a -> !a.isEmpty()).toList();
        FreeswitchSection section = new FreeswitchSection(ListenerSettings.read(s, 8082, 0, IoEngine.EPOLL, DEFAULT_LIMITS), allow,
                s.string("user", ""), s.string("password", ""), recordDir(s.string("record_dir", DEFAULT_RECORD_DIR)));
        try {
            section.xmlCurl();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("[freeswitch] " + e.getMessage());
        }
        return section;
    }

    /** An absolute path FreeSWITCH's api line can carry as one argument (ConferenceCommand.Argument.PATH). */
    private static String recordDir(String dir) {
        String trimmed = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
        if (!trimmed.matches("/[A-Za-z0-9_./-]{0,200}") || trimmed.contains("..")) {
            throw new InvalidConfigException("[freeswitch] record_dir: '" + dir + "' is not an absolute path of"
                    + " A-Z, a-z, 0-9, _ . / - (without ..)");
        }
        return trimmed;
    }

    /** The endpoint's settings; its path, size limit and timeouts keep the module's defaults. */
    public XmlCurlConfig xmlCurl() {
        XmlCurlConfig defaults = XmlCurlConfig.defaults();
        return new XmlCurlConfig(listener.ip(), listener.port(), listener.backlog(), allow, user, password,
                defaults.path(), defaults.maxRequestBytes(), defaults.lookupTimeout(), defaults.readTimeout());
    }
}
