package org.cometserver.server.config;

import java.util.List;

/**
 * {@code [sip]}: video conferences on FreeSWITCH.
 *
 * @param pipesalt    salt of the per-conference signalling channel name (default {@code pipesalt})
 * @param freeswitch  FreeSWITCH nodes from {@code []freeswitch} entries, in file order; empty disables conferences
 */
public record SipSection(String pipesalt, List<FreeswitchNode> freeswitch) {

    static SipSection read(IniSection s) {
        // CppComet: port and host were documented but unused in 4.09 (§1.5)
        s.accept("port", "host");
        List<FreeswitchNode> nodes = s.list("freeswitch").stream()
                .map(entry -> FreeswitchNode.parse(entry, s, "freeswitch"))
                .toList();
        return new SipSection(s.string("pipesalt", "pipesalt"), nodes);
    }
}
