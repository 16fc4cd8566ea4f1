package org.cometserver.server.config;

/**
 * One {@code [sip] freeswitch} entry: {@code []Server=<host>,Pwd=<esl pwd>,Port=<esl port>,WSport=<wss port>,
 * WShost=<host for browsers>,StreamServer=<...>,Domain=<SIP domain>} (keys case-sensitive, no spaces).
 *
 * @param server       FreeSWITCH host (required)
 * @param password     event-socket password (default {@code ClueCon}, FreeSWITCH's own default)
 * @param eslPort      event-socket port (default 8021)
 * @param wsPort       SIP-over-WSS port browsers dial (default 7443)
 * @param wsHost       host browsers dial (default {@code server})
 * @param streamServer stream server (CppComet parsed but never stored it; kept for completeness)
 * @param domain       the node's {@code $${domain}}: its conferences are named {@code <dev_id>*<room>-<domain>} and only
 *                     those are ours; null when the entry has no {@code Domain=} (CppComet 4.09's lines have none): the
 *                     domain FreeSWITCH reports over the event socket is used and conferences of any domain are taken,
 *                     as CppComet did
 */
public record FreeswitchNode(String server, String password, int eslPort, int wsPort, String wsHost,
                             String streamServer, String domain) {
    /** The node's name in logs, {@code conference.node} and {@code conference_members.node}: {@code WShost:WSport}. */
    public String name() {
        return wsHost + ":" + wsPort;
    }

    /** Parses one entry; {@code key} names the ini key in error messages. */
    static FreeswitchNode parse(String entry, IniSection section, String key) {
        String server = null;
        String password = "ClueCon";
        int eslPort = 8021;
        int wsPort = 7443;
        String wsHost = null;
        String streamServer = "";
        String domain = null;
        for (String part : entry.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw section.invalid(key, "expected Name=value in '" + part + "' of entry '" + entry + "'");
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            switch (name) {
                case "Server" -> server = value;
                case "Pwd" -> password = value;
                case "Port" -> eslPort = port(value, section, key, entry);
                case "WSport" -> wsPort = port(value, section, key, entry);
                case "WShost" -> wsHost = value;
                case "StreamServer" -> streamServer = value;
                case "Domain" -> domain = value;
                default -> throw section.invalid(key, "unknown field '" + name + "' in entry '" + entry
                        + "' (expected Server, Pwd, Port, WSport, WShost, StreamServer, Domain)");
            }
        }
        if (server == null || server.isEmpty()) {
            throw section.invalid(key, "entry '" + entry + "' has no Server=");
        }
        if (domain != null && domain.isEmpty()) {
            throw section.invalid(key, "entry '" + entry + "' has an empty Domain=");
        }
        return new FreeswitchNode(server, password, eslPort, wsPort, wsHost == null || wsHost.isEmpty() ? server
                : wsHost, streamServer, domain);
    }

    private static int port(String value, IniSection section, String key, String entry) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the entry
        }
        throw section.invalid(key, "bad port '" + value + "' in entry '" + entry + "'");
    }
}
