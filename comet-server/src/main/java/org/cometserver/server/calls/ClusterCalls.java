package org.cometserver.server.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.cometql.spi.BackendUnavailableException;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
    /** A {@code calls} statement's (or a forwarded {@code POST /calls/reject}'s) wait for the other nodes. */
    static final Duration QUERY_WAIT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<CallLeg>> ROWS = new TypeReference<>() {
    };

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
    /** {@code calls} statements of this node waiting for another node's answer, by request id. */
    private final ConcurrentHashMap<Long, CompletableFuture<Control.Call>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    public ClusterCalls(String node, Broker broker, PresenceManager presence, Hub hub, Clock clock) {
        this.failures = new RateLimitedLog(log, Duration.ofSeconds(10), clock);
        this.node = node;
        this.broker = broker;
        this.presence = presence;
        this.hub = hub;
    }

    /** The registry whose sessions this node owns; set once, before the first connection. */
    void bind(P2pCalls calls) {
        this.calls = calls;
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
        Control.CallSignal control = new Control.CallSignal(devId, owner, node, connectionId, userId, signal);
        if (owner.equals(ANY_NODE)) {
            send(control);
        } else {
            send(owner, control);
        }
    }

    /** A connection of this node closed: the owners it spoke to end its legs. */
    void disconnected(Transport transport) {
        String id = transport.connectionId();
        Speaker speaker = speakers.get(id);
        if (speaker == null || speaker.transport() != transport || !speakers.remove(id, speaker)) {
            return;
        }
        for (String owner : speaker.owners()) {
            Control.CallDisconnected control = new Control.CallDisconnected(0, owner, node, transport.connectionId());
            if (owner.equals(ANY_NODE)) {
                send(control);
            } else {
                send(owner, control);
            }
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
        } else if (control instanceof Control.CallQuery q) {
            if (q.toNode().equals(node) && registry != null) {
                answer(registry, q);
            }
        } else if (control instanceof Control.CallScan q) {
            if (q.toNode().equals(node) && registry != null) {
                List<CallLeg> rows = q.userIds() == null ? registry.allLegsHere(q.devId(), q.limit())
                        : registry.legsOfUsersHere(q.devId(), q.userIds());
                send(q.fromNode(), new Control.CallAnswer(q.devId(), q.fromNode(), q.requestId(), json(rows), 0));
            }
        } else if (control instanceof Control.CallReject r) {
            if (r.toNode().equals(node) && registry != null) {
                CallSignalException refusal = registry.remoteReject(r.devId(), r.userId(), r.signal());
                send(r.fromNode(), new Control.CallVerdict(r.devId(), r.fromNode(), r.requestId(),
                        refusal == null ? "" : refusal.kind().name(), refusal == null ? "" : refusal.getMessage()));
            }
        } else if (control instanceof Control.CallAnswer a) {
            answered(a.toNode(), a.requestId(), a);
        } else if (control instanceof Control.CallVerdict v) {
            answered(v.toNode(), v.requestId(), v);
        } else if (control instanceof Control.NodeLost lost) {
            if (!lost.node().equals(node)) {
                owners.values().removeIf(lost.node()::equals);
                if (registry != null) {
                    registry.nodeLost(lost.node());
                }
            }
        }
    }

    /** The rows of session {@code sessionId}, which {@code owner} holds; waits at most {@link #QUERY_WAIT}. */
    List<CallLeg> legsAt(String owner, int devId, String sessionId) {
        Control.CallAnswer answer = ask(owner, devId, sessionId, false, null);
        return rows(owner, answer.rows());
    }

    /** {@code DELETE FROM calls} of a session {@code owner} holds: how many legs it ended. Waits as above. */
    int hangUpAt(String owner, int devId, String sessionId, Collection<Long> userIds) {
        return ask(owner, devId, sessionId, true, userIds == null ? null : List.copyOf(userIds)).ended();
    }

    private Control.CallAnswer ask(String owner, int devId, String sessionId, boolean hangUp, List<Long> userIds) {
        long id = requests.incrementAndGet();
        CompletableFuture<Control.Call> answer = request(owner, id,
                new Control.CallQuery(devId, owner, node, id, sessionId, hangUp, userIds));
        try {
            return (Control.CallAnswer) answer.get(QUERY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new BackendUnavailableException("node " + owner + ", which holds call " + sessionId
                    + ", did not answer within " + QUERY_WAIT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while asking node " + owner, e);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * The {@code calls} rows of every live node: the sessions of {@code userIds} (every session of the dev_id when
     * null, at most {@code limit} rows), this node's ({@code here}) first. Each other node is asked on its own channel
     * ({@link Control.CallScan}); the statement thread waits at most {@link #QUERY_WAIT} in all, and a node that has
     * not answered by then fails the statement naming it (never a partial answer).
     */
    List<CallLeg> everywhere(int devId, List<Long> userIds, int limit, List<CallLeg> here) {
        long deadline = System.nanoTime() + QUERY_WAIT.toNanos();
        Set<String> live;
        try {
            live = presence.liveNodes().get(QUERY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new BackendUnavailableException("the calls of other nodes cannot be read: presence did not say which"
                    + " nodes are live within " + QUERY_WAIT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while asking presence", e);
        }
        Map<String, Long> asked = new TreeMap<>();
        Map<Long, CompletableFuture<Control.Call>> answers = new HashMap<>();
        for (String other : live) {
            if (!other.equals(node)) {
                long id = requests.incrementAndGet();
                asked.put(other, id);
                answers.put(id, request(other, id, new Control.CallScan(devId, other, node, id, userIds, limit)));
            }
        }
        try {
            List<CallLeg> rows = new ArrayList<>(here);
            List<String> silent = new ArrayList<>();
            for (Map.Entry<String, Long> other : asked.entrySet()) {
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    Control.CallAnswer answer = (Control.CallAnswer) answers.get(other.getValue())
                            .get(left, TimeUnit.NANOSECONDS);
                    rows.addAll(rows(other.getKey(), answer.rows()));
                } catch (TimeoutException | ExecutionException e) {
                    silent.add(other.getKey());
                }
            }
            if (!silent.isEmpty()) {
                throw new BackendUnavailableException("node" + (silent.size() > 1 ? "s " : " ")
                        + String.join(", ", silent) + " did not answer within " + QUERY_WAIT.toMillis()
                        + " ms: the calls of the whole cluster cannot be read", null);
            }
            return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while asking the other nodes", e);
        } finally {
            answers.keySet().forEach(pending::remove);
        }
    }

    /**
     * {@code POST /calls/reject} of a session this node does not hold: asks its owner, or every other live node when
     * {@code owner} is null (this node has not heard of it). Completes when the owner took it; fails with the owner's
     * refusal ({@link CallSignalException}, as the owner's own route would answer), with "Unknown sessionID" when
     * every node said it holds no such session, or with {@link BackendUnavailableException} when no verdict came
     * within {@link #QUERY_WAIT} (a silent node may be the owner). Never blocks.
     */
    CompletableFuture<Void> reject(String owner, int devId, long userId, String signal, String sessionId) {
        CompletableFuture<Set<String>> nodes = owner != null ? CompletableFuture.completedFuture(Set.of(owner))
                : presence.liveNodes().exceptionally(e -> {
                    throw new BackendUnavailableException("presence did not say which nodes are live: " + e, e);
                });
        return nodes.thenCompose(live -> {
            List<CompletableFuture<Control.Call>> verdicts = new ArrayList<>();
            List<String> asked = new ArrayList<>();
            for (String other : new TreeSet<>(live)) {
                if (!other.equals(node)) {
                    long id = requests.incrementAndGet();
                    asked.add(other);
                    verdicts.add(request(other, id, new Control.CallReject(devId, other, node, id, userId, signal))
                            .whenComplete((v, e) -> pending.remove(id)));
                }
            }
            return verdict(verdicts, asked, sessionId);
        });
    }

    /** The owner's verdict among those of {@code asked}: the one that is not "no such session", else that. */
    private CompletableFuture<Void> verdict(List<CompletableFuture<Control.Call>> verdicts, List<String> asked,
                                            String sessionId) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        AtomicInteger unknown = new AtomicInteger();
        for (CompletableFuture<Control.Call> verdict : verdicts) {
            verdict.exceptionally(e -> {
                if (!(e instanceof CancellationException)) {
                    result.completeExceptionally(new BackendUnavailableException("call " + sessionId
                            + " cannot be rejected here: the other nodes are out of reach (" + e + ")", e));
                }
                return null;
            });
            verdict.thenAccept(call -> {
                Control.CallVerdict v = (Control.CallVerdict) call;
                if (v.refusal().isEmpty()) {
                    result.complete(null);
                } else if (!v.refusal().equals(CallSignalException.Kind.UNKNOWN_SESSION.name())) {
                    result.completeExceptionally(new CallSignalException(CallSignalException.Kind.valueOf(
                            v.refusal()), v.text(), sessionId, "reject"));
                } else if (unknown.incrementAndGet() == verdicts.size()) {
                    result.completeExceptionally(new CallSignalException(CallSignalException.Kind.UNKNOWN_SESSION,
                            v.text(), sessionId, "reject"));
                }
            });
        }
        if (verdicts.isEmpty()) {
            result.completeExceptionally(new CallSignalException(CallSignalException.Kind.UNKNOWN_SESSION,
                    "Unknown sessionID", sessionId, "reject"));
        }
        String silent = (asked.size() == 1 ? "node " + asked.get(0) + ", which holds call "
                : "nodes " + String.join(", ", asked) + ", one of which may hold call ") + sessionId;
        ScheduledFuture<?> timeout = calls.schedule(() -> result.completeExceptionally(new BackendUnavailableException(
                silent + ", did not answer within " + QUERY_WAIT.toMillis() + " ms", null)), QUERY_WAIT);
        result.whenComplete((v, e) -> {
            if (timeout != null) {
                timeout.cancel(false);
            }
            verdicts.forEach(f -> f.cancel(false));
        });
        return result;
    }

    /** Sends {@code control}, a request {@code id} to {@code toNode}; completes with its answer (or the send's failure). */
    private CompletableFuture<Control.Call> request(String toNode, long id, Control control) {
        CompletableFuture<Control.Call> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            broker.publishControl(toNode, control).exceptionally(e -> {
                answer.completeExceptionally(e);
                return null;
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    private void answered(String toNode, long requestId, Control.Call answer) {
        CompletableFuture<Control.Call> waiting = toNode.equals(node) ? pending.get(requestId) : null;
        if (waiting != null) {
            waiting.complete(answer);
        }
    }

    private void answer(P2pCalls registry, Control.CallQuery q) {
        int ended = q.hangUp() ? registry.hangUpHere(q.devId(), q.sessionId(), q.userIds()) : 0;
        send(q.fromNode(), new Control.CallAnswer(q.devId(), q.fromNode(), q.requestId(),
                json(registry.legsHere(q.devId(), q.sessionId())), ended));
    }

    private static String json(List<CallLeg> rows) {
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CallLeg> rows(String from, String json) {
        try {
            return JSON.readValue(json, ROWS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("node " + from + " answered unreadable rows: " + e.getOriginalMessage());
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

    /** A control for {@code toNode} alone, on its own channel. */
    private void send(String toNode, Control control) {
        sent(control, () -> broker.publishControl(toNode, control));
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
