package org.cometserver.server.calls;

import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.hub.Transport;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * P2P calls across the nodes of a cluster (docs/CALLS.md "Several nodes"): a session lives on its caller's node, its
 * owner. This node learns where every session lives ({@link Control.CallSession}), forwards its connections' signals
 * for a session another node owns ({@link Control.CallSignal}), tells the owner when such a connection closes, and
 * writes the frames owners send to its connections. Owners reach a connection of another node through a
 * {@link RemoteConnection}. Only used with {@code [cluster] redis}: a single node keeps {@link P2pCalls}' direct path.
 */
public final class ClusterCalls {
    private static final Logger log = LoggerFactory.getLogger(ClusterCalls.class);

    private record SessionKey(int devId, String id) {
    }

    /** A connection of this node that spoke in sessions of other nodes, and those nodes (told of its close). */
    private record Speaker(Transport transport, Set<String> owners) {
    }

    /** {@link Control.CallSignal#toNode()} of a signal for a session this node does not know the owner of. */
    static final String ANY_NODE = "";

    /**
     * Sessions of other nodes remembered at most: beyond, a session's owner is not noted and its signals go to every
     * node ({@link #ANY_NODE}), so announcements that never end (a lost "forgotten") cannot grow the heap unbounded.
     */
    static final int MAX_REMOTE_SESSIONS = 4 * P2pCalls.MAX_KEPT_SESSIONS;

    private final String node;
    private final Broker broker;
    private final PresenceManager presence;
    private final Hub hub;
    private final RateLimitedLog failures;
    /** Sessions other nodes own: their owner. */
    private final ConcurrentHashMap<SessionKey, String> owners = new ConcurrentHashMap<>();
    /** By connection id; an entry lives as long as its connection. */
    private final ConcurrentHashMap<String, Speaker> speakers = new ConcurrentHashMap<>();
    private volatile P2pCalls calls;
    private final ClusterQueries queries;

    public ClusterCalls(String node, Broker broker, PresenceManager presence, Hub hub, Clock clock) {
        this.failures = new RateLimitedLog(log, Duration.ofSeconds(10), clock);
        this.node = node;
        this.broker = broker;
        this.presence = presence;
        this.hub = hub;
        this.queries = new ClusterQueries(node, broker, presence, this::send);
    }

    /** The registry whose sessions this node owns; set once, before the first connection. */
    void bind(P2pCalls calls) {
        this.calls = calls;
        queries.bind(calls);
    }

    /** The {@code calls} table and rejects of other nodes' sessions. */
    ClusterQueries queries() {
        return queries;
    }

    public String node() {
        return node;
    }

    /** The node owning the session when another does, else null. */
    String ownerOf(int devId, String sessionId) {
        return owners.get(new SessionKey(devId, sessionId));
    }

    /** Tells every node that this node owns the session now ({@code live}) or forgot it. */
    void announce(int devId, String sessionId, boolean live) {
        send(new Control.CallSession(devId, sessionId, node, live));
    }

    /** Which users have a connection on some node. */
    CompletableFuture<Set<Long>> online(int devId, Collection<Long> userIds) {
        return presence.online(devId, userIds);
    }

    /** Sends {@code sender}'s signal (null: {@code POST /calls/reject}) to the session's owner. */
    void forward(String owner, int devId, Transport sender, long userId, String signal) {
        String connectionId = "";
        if (sender != null) {
            connectionId = sender.connectionId();
            speakers.compute(connectionId, (id, speaker) -> {
                Speaker s = speaker == null ? new Speaker(sender, ConcurrentHashMap.newKeySet()) : speaker;
                s.owners().add(owner);
                return s;
            });
        }
        send(owner, new Control.CallSignal(devId, owner, node, connectionId, userId, signal));
    }

    /** A connection of this node closed: the owners it spoke to end its legs. */
    void disconnected(Transport transport) {
        String id = transport.connectionId();
        Speaker speaker = speakers.get(id);
        if (speaker == null || speaker.transport() != transport || !speakers.remove(id, speaker)) {
            return;
        }
        for (String owner : speaker.owners()) {
            send(owner, new Control.CallDisconnected(0, owner, node, transport.connectionId()));
        }
    }

    /** A frame for every connection of the user on every node, {@code except} (this node's or another's) left out. */
    void toUser(int devId, long userId, Transport except, EncodedFrame frame) {
        if (except == null) {
            broker.publishToUser(devId, new UserMessage(userId, frame.utf8(), null, null)).exceptionally(e -> {
                failures.warn("call frame to user {} not sent to other nodes: {}", userId, e.toString());
                return 0;
            });
            return;
        }
        String exceptNode = except instanceof RemoteConnection remote ? remote.node() : node;
        send(new Control.CallUserFrame(devId, userId, exceptNode, except.connectionId(), utf8(frame)));
    }

    /** A frame for a connection of another node. */
    void toConnection(RemoteConnection connection, EncodedFrame frame) {
        send(connection.node(), new Control.CallFrame(connection.devId(), connection.node(), connection.connectionId(),
                utf8(frame)));
    }

    /** What the broker brought: called by the node's broker handler, never blocks. */
    public void onControl(Control.Call control) {
        // sessions and frames are this node's to know and write from the start; signals need the registry
        P2pCalls registry = calls;
        if (control instanceof Control.CallSession s) {
            if (s.owner().equals(node)) {
                return;
            }
            SessionKey key = new SessionKey(s.devId(), s.sessionId());
            if (s.live()) {
                if (owners.size() < MAX_REMOTE_SESSIONS) {
                    owners.put(key, s.owner());
                } else {
                    failures.warn("{} sessions of other nodes known already: {} not noted", owners.size(), key.id());
                }
            } else {
                owners.remove(key, s.owner());
            }
        } else if (control instanceof Control.CallSignal s) {
            boolean addressed = s.toNode().equals(node);
            if ((addressed || s.toNode().equals(ANY_NODE) && !s.fromNode().equals(node)) && registry != null) {
                registry.remoteSignal(s.devId(), s.connectionId().isEmpty() ? null
                        : new RemoteConnection(this, s.devId(), s.fromNode(), s.connectionId(), s.userId()),
                        s.userId(), s.signal(), addressed);
            }
        } else if (control instanceof Control.CallDisconnected d) {
            boolean mine = d.toNode().equals(node) || d.toNode().equals(ANY_NODE) && !d.fromNode().equals(node);
            if (mine && registry != null) {
                registry.disconnectedElsewhere(d.fromNode(), d.connectionId());
            }
        } else if (control instanceof Control.CallFrame f) {
            if (f.toNode().equals(node)) {
                Speaker speaker = speakers.get(f.connectionId());
                if (speaker != null) {
                    speaker.transport().write(frame(f.frame()));
                }
            }
        } else if (control instanceof Control.CallUserFrame f) {
            boolean skip = f.exceptNode().equals(node);
            EncodedFrame frame = null;
            for (Transport transport : hub.userConnections(f.devId(), f.userId())) {
                if (!skip || !transport.connectionId().equals(f.exceptConnection())) {
                    frame = frame == null ? frame(f.frame()) : frame;
                    transport.write(frame);
                }
            }
        } else if (control instanceof Control.CallQuery || control instanceof Control.CallScan
                || control instanceof Control.CallReject || control instanceof Control.CallAnswer
                || control instanceof Control.CallVerdict) {
            queries.onControl(control, registry);
        } else if (control instanceof Control.NodeLost lost) {
            if (!lost.node().equals(node)) {
                owners.values().removeIf(lost.node()::equals);
                if (registry != null) {
                    registry.nodeLost(lost.node());
                }
            }
        }
    }

    /** Presence dropped these nodes (told on one node): every node ends their connections' legs. */
    public void nodesLost(Collection<String> nodes) {
        for (String lost : nodes) {
            send(new Control.NodeLost(0, lost));
        }
    }

    /** Sessions of other nodes this node knows of (tests). */
    int knownRemoteSessions() {
        return owners.size();
    }

    /** A control for {@code toNode} alone, on its own channel; for every node when {@link #ANY_NODE}. */
    void send(String toNode, Control control) {
        sent(control, () -> toNode.equals(ANY_NODE) ? broker.publishControl(control)
                : broker.publishControl(toNode, control));
    }

    /** A control for every node. */
    private void send(Control control) {
        sent(control, () -> broker.publishControl(control));
    }

    private void sent(Control control, Supplier<CompletableFuture<Void>> publish) {
        try {
            publish.get().exceptionally(e -> {
                failures.warn("call control {} not sent: {}", control.getClass().getSimpleName(), e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            failures.warn("call control {} not sent: {}", control.getClass().getSimpleName(), e.toString());
        }
    }

    private static String utf8(EncodedFrame frame) {
        return new String(frame.utf8(), StandardCharsets.UTF_8);
    }

    private static EncodedFrame frame(String utf8) {
        return EncodedFrame.ofUtf8(utf8.getBytes(StandardCharsets.UTF_8));
    }
}
