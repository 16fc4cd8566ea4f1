package org.cometserver.server.config;

import java.util.Arrays;
import java.util.List;

/**
 * {@code [ws]}: the browser WebSocket/HTTP listener (bound by a later issue).
 *
 * @param listener       ip 0.0.0.0, port 8087, thread_num 2, backlog 1024
 * @param allowedOrigins {@code host}: comma-separated Origin allowlist; {@code *} or empty allows every origin
 *                       (CppComet documented it but never checked it)
 * @param cluster        {@code []cluster} peer connection strings, kept for the cluster issue
 */
public record WsSection(ListenerSettings listener, List<String> allowedOrigins, List<String> cluster) {

    static WsSection read(IniSection s) {
        List<String> origins = Arrays.stream(s.string("host", "*").split(","))
                .map(String::strip).filter(o -> !o.isEmpty()).toList();
        return new WsSection(ListenerSettings.read(s, 8087, 2), origins, s.list("cluster"));
    }

    public boolean allowsAnyOrigin() {
        return allowedOrigins.isEmpty() || allowedOrigins.contains("*");
    }
}
