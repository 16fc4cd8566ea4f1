package org.cometserver.server.config;

import java.util.Arrays;
import java.util.List;

/**
 * {@code [ws]}: the browser WebSocket/HTTP listener.
 *
 * @param listener           ip 0.0.0.0, port 8087, thread_num 2, backlog 1024
 * @param maxUptime          {@code maxUptime}, {@code uptimeTestInterval}: connections older are closed (code 4102)
 * @param allowedOrigins     {@code host}: comma-separated Origin allowlist; {@code *} or empty allows every origin
 *                           (CppComet documented it but never checked it)
 * @param outboundQueueBytes {@code outbound_queue_bytes}: bytes a connection may have waiting to be sent before it is
 *                           closed as a slow consumer (default 1 MiB)
 * @param storeThreads       {@code store_threads}: threads of the executor running logins and store reads of
 *                           browser connections (default 2)
 * @param queueReceiptSeconds {@code queue_receipt_time}: seconds a connection that never acknowledges its replayed
 *                           offline queue must stay up (then a ping round trip) before the queue is deleted (default 5)
 */
public record WsSection(ListenerSettings listener, MaxUptime maxUptime, List<String> allowedOrigins,
                        int outboundQueueBytes, int storeThreads, int queueReceiptSeconds) {

    /** Browsers behind one NAT share an address: a generous per-address limit; at most 1024 upgrades under way. */
    static final ListenerSettings.Limits DEFAULT_LIMITS = new ListenerSettings.Limits(0, 1000, 1024, 10);

    static WsSection read(IniSection s) {
        List<String> origins = Arrays.stream(s.string("host", "*").split(","))
                .map(String::strip).filter(o -> !o.isEmpty()).toList();
        return new WsSection(ListenerSettings.read(s, 8087, 2, IoEngine.EPOLL, DEFAULT_LIMITS), MaxUptime.read(s),
                origins,
                s.integer("outbound_queue_bytes", 1 << 20, 64 * 1024, Integer.MAX_VALUE),
                s.integer("store_threads", 2, 1, 64), s.integer("queue_receipt_time", 5, 1, 3600));
    }

    public boolean allowsAnyOrigin() {
        return allowedOrigins.isEmpty() || allowedOrigins.contains("*");
    }

    /** Whether a browser page of {@code origin} (the header, null when absent) may connect. */
    public boolean allowsOrigin(String origin) {
        // non-browser clients send no Origin; the allowlist is a browser-side protection only
        return allowsAnyOrigin() || origin == null || allowedOrigins.contains(origin);
    }
}
