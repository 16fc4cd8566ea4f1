package org.cometserver.server.broker.local;

import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceContract;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.hub.Transport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The single node's presence, read from the hub its connections register in. */
class LocalPresenceTest extends PresenceContract {

    @Override
    protected PresenceNode newNode(String name) {
        return new HubNode(name);
    }

    /** A hub with one registered connection per client and dev_id, and its presence. */
    private static final class HubNode implements PresenceNode {
        private final LocalHub hub = new LocalHub();
        private final LocalPresence presence;
        private final Map<String, Transport> connections = new HashMap<>();

        HubNode(String name) {
            presence = new LocalPresence(name, hub);
        }

        @Override
        public PresenceManager presence() {
            return presence;
        }

        @Override
        public void join(int devId, String channel, ClientInfo client) {
            Transport transport = connections.computeIfAbsent(devId + "/" + client.connectionId(), key -> {
                Transport created = new ClientTransport(client);
                hub.connect(devId, created);
                return created;
            });
            hub.subscribe(transport, channel);
        }

        @Override
        public void leave(int devId, String channel, ClientInfo client) {
            hub.unsubscribe(connections.get(devId + "/" + client.connectionId()), channel);
        }

        @Override
        public CompletableFuture<Boolean> connectUser(int devId, long userId) {
            Transport transport = new ClientTransport(new ClientInfo("", "user-" + userId, userId, "u", "", "", "",
                    ""));
            connections.put(devId + "/user-" + userId, transport);
            hub.connect(devId, transport);
            return presence.userConnected(devId, userId);
        }

        @Override
        public CompletableFuture<Boolean> disconnectUser(int devId, long userId) {
            hub.disconnect(connections.remove(devId + "/user-" + userId));
            return presence.userDisconnected(devId, userId);
        }

        @Override
        public void close() {
            presence.close();
            hub.closeAll(Disconnect.SHUTDOWN);
        }
    }

    /** A connection with the client's identity; equal only to itself, as the hub's connections are. */
    private static final class ClientTransport implements Transport {
        private final ClientInfo client;

        ClientTransport(ClientInfo client) {
            this.client = client;
        }

        @Override
        public boolean write(EncodedFrame frame) {
            return true;
        }

        @Override
        public void close(Disconnect reason) {
        }

        @Override
        public long userId() {
            return client.userId();
        }

        @Override
        public String uuid() {
            return client.uuid();
        }

        @Override
        public String ip() {
            return client.ip();
        }

        @Override
        public String userAgent() {
            return client.userAgent();
        }

        @Override
        public String origin() {
            return client.origin();
        }

        @Override
        public String language() {
            return client.language();
        }

        @Override
        public String connectionId() {
            return client.connectionId();
        }
    }
}
