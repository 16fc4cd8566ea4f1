package org.cometserver.server.hub;

/**
 * Told when a user's first connection arrives and his last one leaves (docs/CPPCOMET.md §3.8). Called on the
 * thread that registered or removed the connection (a Netty event loop): implementations must not block.
 */
public interface PresenceListener {
    PresenceListener NONE = new PresenceListener() {
        @Override
        public void userOnline(Hub hub, int devId, long userId) {
        }

        @Override
        public void userOffline(Hub hub, int devId, long userId) {
        }
    };

    void userOnline(Hub hub, int devId, long userId);

    void userOffline(Hub hub, int devId, long userId);
}
