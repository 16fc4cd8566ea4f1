package org.cometserver.server.config;

import java.util.Arrays;
import java.util.List;

/**
 * {@code [freeswitch]}: the HTTP endpoint FreeSWITCH's mod_xml_curl asks for SIP users (bound by a later issue).
 *
 * @param listener ip 0.0.0.0, port 8082, thread_num 0 (off, as in CppComet's shipped comet.ini)
 * @param allow    client IPs allowed; empty = loopback only (CppComet had no check at all)
 * @param user     basic-auth user; empty = no basic auth
 * @param password basic-auth password
 */
public record FreeswitchSection(ListenerSettings listener, List<String> allow, String user, String password) {

    static FreeswitchSection read(IniSection s) {
        List<String> allow = Arrays.stream(s.string("allow", "").split(","))
                .map(String::strip).filter(a -> !a.isEmpty()).toList();
        return new FreeswitchSection(ListenerSettings.read(s, 8082, 0), allow, s.string("user", ""),
                s.string("password", ""));
    }
}
