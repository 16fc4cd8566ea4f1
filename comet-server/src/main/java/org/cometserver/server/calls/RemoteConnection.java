package org.cometserver.server.calls;

import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Transport;

import java.util.Objects;

/**
 * A connection of another node that speaks in a session this node owns (docs/CALLS.md "Several nodes"): frames for
 * it go through the broker to its node. Equal by node and connection id, so each signal of that connection finds the
 * legs it is bound to.
 */
final class RemoteConnection implements Transport {
    private final ClusterCalls cluster;
    private final int devId;
    private final String node;
    private final String connectionId;
    private final long userId;

    RemoteConnection(ClusterCalls cluster, int devId, String node, String connectionId, long userId) {
        this.cluster = cluster;
        this.devId = devId;
        this.node = node;
        this.connectionId = connectionId;
        this.userId = userId;
    }

    int devId() {
        return devId;
    }

    String node() {
        return node;
    }

    @Override
    public boolean write(EncodedFrame frame) {
        cluster.toConnection(this, frame);
        return true;
    }

    /** Its own node closes it. */
    @Override
    public void close(Disconnect reason) {
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public String uuid() {
        return "";
    }

    @Override
    public String ip() {
        return "";
    }

    @Override
    public String userAgent() {
        return "";
    }

    @Override
    public String origin() {
        return "";
    }

    @Override
    public String language() {
        return "";
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteConnection other && node.equals(other.node)
                && connectionId.equals(other.connectionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, connectionId);
    }

    @Override
    public String toString() {
        return node + "/" + connectionId;
    }
}
