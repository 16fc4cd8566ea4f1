package org.cometserver.server.wiring;

import org.cometserver.server.hub.Transport;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Senders of {@code web_pipe2} publications in flight from this node, by publication id: the {@link Publisher}
 * notes one, {@link NodeDelivery} skips it (CppComet: the sender does not get its own message), the id is forgotten
 * once the publication completed. Only this node's connections: a sender never travels between nodes.
 */
final class WebSenders {
    private final ConcurrentHashMap<String, Transport> byPublication = new ConcurrentHashMap<>();

    void note(String publicationId, Transport sender) {
        if (sender != null) {
            byPublication.put(publicationId, sender);
        }
    }

    void forget(String publicationId) {
        byPublication.remove(publicationId);
    }

    /** The sender to skip, or null (always for a publication without id: a backend's). */
    Transport of(String publicationId) {
        return publicationId == null || byPublication.isEmpty() ? null : byPublication.get(publicationId);
    }
}
