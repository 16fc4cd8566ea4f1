package org.cometserver.server.config;

import org.cometserver.xmlcurl.http.CidrBlock;

import java.util.Arrays;
import java.util.List;

/**
 * {@code [metrics]}: Prometheus {@code /metrics} on the {@code [ws]} port (beyond CppComet).
 *
 * @param enabled whether {@code /metrics} is served (default true)
 * @param allow   client IPs or CIDR blocks that may scrape (default loopback: the [ws] port faces browsers, and the
 *                figures tell an outsider how loaded the server is); others get 403
 */
public record MetricsSection(boolean enabled, List<String> allow) {

    static MetricsSection read(IniSection s) {
        List<String> allow = Arrays.stream(s.string("allow", "127.0.0.1,::1").split(","))
                .map(String::strip).filter(a -> !a.isEmpty()).toList();
        MetricsSection section = new MetricsSection(s.bool("enabled", true), allow);
        try {
            section.allowedBlocks();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("[metrics] " + e.getMessage());
        }
        return section;
    }

    /** {@link #allow} parsed; the xml_curl endpoint's CIDR rules (IPv4-mapped IPv6 counts as IPv4). */
    public List<CidrBlock> allowedBlocks() {
        return allow.stream().map(CidrBlock::parse).toList();
    }
}
