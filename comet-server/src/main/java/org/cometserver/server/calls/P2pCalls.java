package org.cometserver.server.calls;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend.CallChanges;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.server.calls.CallSignal.Type;
import org.cometserver.server.calls.CallSignalException.Kind;
import org.cometserver.server.calls.P2pSession.Leg;
import org.cometserver.server.calls.P2pSession.State;
import org.cometserver.server.config.CallsSection;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.hub.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * P2P calls between browsers (docs/CALLS.md): relays ConnectyCube's signals between the users of one dev_id and keeps
 * each session's state for the {@code calls} table, the answer timeout, multi-device routing and hang-ups on
 * disconnect.
 *
 * <p>Threads: signals arrive on every event loop, timers on {@code p2p-calls-timer}, hook answers on the hook's
 * executor, CometQL statements on theirs. Each session's state changes with its monitor held; the frames a change
 * causes are collected and written after the monitor is released (a transport may call back into the registry when
 * it closes), so no lock is ever held while writing and no two session monitors are ever held at once. A sender's
 * signals are processed in order on its event loop, so what one browser sends reaches the other in that order.
 */
public final class P2pCalls implements CallRegistry, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(P2pCalls.class);
    /** Live sessions one connection may take part in as caller or answering callee. */
    public static final int MAX_CALLS_PER_CONNECTION = 16;
    /**
     * Finished sessions kept for {@code keep_finished} at most; beyond, a finished session is forgotten at once, so
     * that authorised users placing calls nobody answers cannot grow the heap without bound.
     */
    static final int MAX_KEPT_SESSIONS = 100_000;
    /** Longest caller's {@code userInfo} kept for the {@code calls} table (and the offline hook); longer: none. */
    static final int MAX_KEPT_USER_INFO = 4096;
    /** The refusal of a signal for a session this node does not hold (a node's answer to another: "not here"). */
    static final String UNKNOWN_SESSION = "Unknown sessionID";
    static final String NOT_ANSWERED = "not_answered";
    static final String DISCONNECTED = "disconnected";
    static final String SERVER = "server";

    private record SessionKey(int devId, String id) {
    }

    private record UserKey(int devId, long userId) {
    }

    private final CallsSection config;
    private final Hub hub;
    private final Clock clock;
    private final String node;
    private final ScheduledThreadPoolExecutor timers;
    /** Null on a single node: frames go straight to the hub's connections. */
    private final ClusterCalls cluster;
    /** Null when {@code [calls] offline_hook} is empty. */
    private final OfflineHook offlineHook;
    private final ConcurrentHashMap<SessionKey, P2pSession> sessions = new ConcurrentHashMap<>();
    /** Sessions by caller and opponent, for {@code WHERE user_id =}. */
    private final ConcurrentHashMap<UserKey, Set<P2pSession>> byUser = new ConcurrentHashMap<>();
    /** Live sessions a connection speaks in (as caller or answering callee), for its disconnect. */
    private final ConcurrentHashMap<Transport, Set<P2pSession>> byConnection = new ConcurrentHashMap<>();
    /** Finished sessions waiting for {@code keep_finished}. */
    private final AtomicInteger kept = new AtomicInteger();
    private final int maxKeptSessions;

    /** @param node this server's {@code [main] node_name}, the {@code node} column */
    public P2pCalls(CallsSection config, Hub hub, Clock clock, String node) {
        this(config, hub, clock, node, MAX_KEPT_SESSIONS, null);
    }

    /**
     * @param cluster the routing between nodes with {@code [cluster] redis} (sessions then live on their caller's
     *                node), null for a single node
     */
    public P2pCalls(CallsSection config, Hub hub, Clock clock, String node, ClusterCalls cluster) {
        this(config, hub, clock, node, MAX_KEPT_SESSIONS, cluster);
    }

    P2pCalls(CallsSection config, Hub hub, Clock clock, String node, int maxKeptSessions) {
        this(config, hub, clock, node, maxKeptSessions, null);
    }

    private P2pCalls(CallsSection config, Hub hub, Clock clock, String node, int maxKeptSessions,
                     ClusterCalls cluster) {
        this.cluster = cluster;
        this.maxKeptSessions = maxKeptSessions;
        this.config = config;
        this.hub = hub;
        this.clock = clock;
        this.node = node;
        this.timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "p2p-calls-timer");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        this.offlineHook = config.offlineHook().isEmpty() ? null
                : new OfflineHook(URI.create(config.offlineHook()), Duration.ofMillis(config.offlineHookTimeoutMs()),
                clock);
        if (cluster != null) {
            cluster.bind(this); // last: the broker may deliver a call control at once
        }
    }

    public CallsSection config() {
        return config;
    }

    /**
     * Handles a signal of {@code sender}, an authorised connection of {@code devId}.
     *
     * @throws CallSignalException when the signal is refused (the sender gets an error frame)
     */
    public void signal(Transport sender, int devId, CallSignal signal) {
        handle(sender, devId, sender.userId(), signal);
    }

    /**
     * {@code POST /calls/reject}: {@code userId} rejects as if one of its pages had sent {@code reject}. With several
     * nodes a session this node does not hold is rejected by its owner: the future completes with the owner's verdict
     * (failed with its {@link CallSignalException}, or {@link
     * org.cometserver.server.broker.BrokerUnavailableException} when no verdict came in time); it never blocks.
     *
     * @throws CallSignalException when refused here; {@link Kind#UNKNOWN_SESSION} for a session it is not in
     */
    public CompletableFuture<Void> reject(int devId, long userId, CallSignal signal) {
        if (signal.type() != Type.REJECT) {
            throw new IllegalArgumentException("not a reject: " + signal.type());
        }
        if (cluster != null && !sessions.containsKey(new SessionKey(devId, signal.sessionId()))) {
            return cluster.queries().reject(cluster.ownerOf(devId, signal.sessionId()), devId, userId,
                    wire(signal), signal.sessionId());
        }
        handle(null, devId, userId, signal);
        return CompletableFuture.completedFuture(null);
    }

    /** A {@code POST /calls/reject} another node forwarded ({@link #reject}): null when taken, else the refusal. */
    CallSignalException remoteReject(int devId, long userId, String json) {
        try {
            CallSignal signal = CallSignal.parse(json);
            P2pSession session = sessions.get(new SessionKey(devId, signal.sessionId()));
            if (session == null) {
                throw unknown(signal, UNKNOWN_SESSION);
            }
            Outbox out = new Outbox(devId);
            relay(session, null, userId, signal, out);
            out.send();
            return null;
        } catch (CallSignalException e) {
            return e;
        }
    }

    private void handle(Transport sender, int devId, long userId, CallSignal signal) {
        P2pSession session = sessions.get(new SessionKey(devId, signal.sessionId()));
        if (session == null && cluster != null) {
            String owner = cluster.ownerOf(devId, signal.sessionId());
            if (owner == null && (signal.type() != Type.CALL || sender == null)) {
                // a session this node has not heard of (it started later, or missed the announcement while Redis
                // was out of reach): whichever node owns it takes it; nobody answers for an unknown one
                owner = ClusterCalls.ANY_NODE;
            }
            if (owner != null) {
                cluster.forward(owner, devId, sender, userId, wire(signal));
                return;
            }
        }
        if (session == null && signal.type() == Type.CALL && sender != null) {
            P2pSession created = newSession(sender, devId, userId, signal);
            // several nodes: every opponent rings at once (a frame to a user nobody holds goes nowhere), so the
            // caller's next signals find the session; presence then says who has no connection anywhere
            session = start(created, signal, cluster != null ? id -> true : id -> hub.isOnline(devId, id));
            if (session == created) {
                if (cluster != null) {
                    cluster.online(devId, created.opponents).whenComplete((online, failure) -> {
                        if (failure != null) {
                            log.warn("presence did not answer for call {}: its opponents ring until answer_timeout",
                                    created.id);
                        } else {
                            offline(created, online);
                        }
                    });
                }
                return;
            }
            // another connection's call created it meanwhile: a signal within that session
        }
        if (session == null) {
            throw unknown(signal, UNKNOWN_SESSION);
        }
        Outbox out = new Outbox(devId);
        relay(session, sender, userId, signal, out);
        out.send();
    }

    /** Starts {@code created} and returns it, or the session a racing {@code call} registered under its id first. */
    private P2pSession start(P2pSession created, CallSignal signal, LongPredicate online) {
        Outbox out = new Outbox(created.devId);
        List<Leg> offline = new ArrayList<>(0);
        P2pSession session = start(created, signal, out, offline, online);
        if (session == created) {
            out.send();
            for (Leg leg : offline) {
                askHook(created, leg);
            }
        }
        return session;
    }

    /** Several nodes: the opponents still ringing without a connection anywhere go to the offline hook, or end. */
    private void offline(P2pSession session, Set<Long> online) {
        Outbox out = new Outbox(session.devId);
        List<Leg> asked = new ArrayList<>(0);
        synchronized (session) {
            if (session.ended != 0 || session.forgotten) {
                return;
            }
            for (Leg leg : session.legs.values()) {
                if (leg.state != State.RING || online.contains(leg.userId)) {
                    continue;
                }
                if (offlineHook != null) {
                    leg.hookPending = true;
                    asked.add(leg);
                } else {
                    notAnswered(session, leg, out);
                }
            }
            endIfOver(session);
        }
        out.send();
        for (Leg leg : asked) {
            askHook(session, leg);
        }
    }

    /**
     * A signal another node forwarded: its connection {@code sender} (null for {@code POST /calls/reject}) spoke in a
     * session this node owns. A refusal goes back to it as the error frame.
     */
    void remoteSignal(int devId, Transport sender, long userId, String json, boolean addressed) {
        CallSignal signal;
        try {
            signal = CallSignal.parse(json);
        } catch (CallSignalException e) {
            log.warn("a forwarded call signal is malformed: {}", e.getMessage());
            return;
        }
        P2pSession session = sessions.get(new SessionKey(devId, signal.sessionId()));
        if (session == null && !addressed) {
            return; // another node's, or nobody's
        }
        try {
            if (session == null) {
                throw unknown(signal, UNKNOWN_SESSION);
            }
            Outbox out = new Outbox(devId);
            relay(session, sender, userId, signal, out);
            out.send();
        } catch (CallSignalException e) {
            if (sender != null) {
                sender.write(refusal(e));
            } else {
                log.info("a POST /calls/reject of user {} forwarded from another node was refused: {}", userId,
                        e.getMessage());
            }
        }
    }

    /** A connection of another node that spoke in sessions of this node closed. */
    void disconnectedElsewhere(String node, String connectionId) {
        disconnected(new RemoteConnection(cluster, 0, node, connectionId, 0));
    }

    /** Presence dropped {@code node}: its connections leave every call of this node. */
    void nodeLost(String lost) {
        for (Transport transport : List.copyOf(byConnection.keySet())) {
            if (transport instanceof RemoteConnection remote && remote.node().equals(lost)) {
                disconnected(remote);
            }
        }
    }

    /** The signal as forwarded: its JSON with {@code to} (the parser keeps it apart). */
    private static String wire(CallSignal signal) {
        ObjectNode json = signal.payload().deepCopy();
        if (signal.to() != 0) {
            json.put("to", signal.to());
        }
        return json.toString();
    }

    private EncodedFrame refusal(CallSignalException e) {
        return CallFrames.refusal(e, now());
    }

    /** A {@code call} with a new sessionID, checked. */
    private P2pSession newSession(Transport sender, int devId, long userId, CallSignal signal) {
        List<Long> opponents = signal.opponents();
        if (opponents.isEmpty()) {
            throw invalid(signal, "call needs opponentsIDs");
        }
        if (opponents.size() + 1 > config.maxParticipants()) {
            throw invalid(signal, "A call has at most " + config.maxParticipants() + " participants ([calls] "
                    + "max_participants), caller included");
        }
        if (opponents.contains(userId)) {
            throw invalid(signal, "opponentsIDs lists the caller");
        }
        if (signal.to() != 0 && !opponents.contains(signal.to())) {
            throw invalid(signal, "to must be one of opponentsIDs");
        }
        checkConnectionLimit(sender, signal);
        String userInfo = signal.userInfo() == null ? "" : signal.userInfo().toString();
        if (userInfo.length() > MAX_KEPT_USER_INFO) {
            userInfo = "";
        }
        return new P2pSession(devId, signal.sessionId(), userId, signal.callType(), opponents, userInfo, now(),
                sender);
    }

    /**
     * Registers {@code session} and rings its opponents: those online get the {@code call}, those without a connection
     * go to the offline hook ({@code offline}) or are not answered at once. Returns the session registered under its
     * id: another one when a racing {@code call} registered it first.
     */
    private P2pSession start(P2pSession session, CallSignal signal, Outbox out, List<Leg> offline,
                             LongPredicate online) {
        synchronized (session) {
            P2pSession existing = sessions.putIfAbsent(new SessionKey(session.devId, session.id), session);
            if (existing != null) {
                return existing;
            }
            if (cluster != null) {
                // told before the ringing frames go out (one broker connection keeps them in order), so a callee's
                // node knows where to forward the answer
                cluster.announce(session.devId, session.id, true);
            }
            index(session, session.callerId);
            for (long opponent : session.opponents) {
                index(session, opponent);
            }
            bind(session.callerConnection, session);
            session.answerTimer = schedule(() -> answerTimeout(session), config.answerTimeoutSeconds());
            EncodedFrame call = relayFrame(session, session.callerId, signal);
            for (Leg leg : session.legs.values()) {
                if (online.test(leg.userId)) {
                    if (signal.to() == 0 || signal.to() == leg.userId) {
                        out.toUser(leg.userId, null, call);
                    }
                } else if (offlineHook != null) {
                    leg.hookPending = true;
                    offline.add(leg);
                } else {
                    notAnswered(session, leg, out);
                }
            }
            endIfOver(session);
        }
        return session;
    }

    private void relay(P2pSession session, Transport sender, long userId, CallSignal signal, Outbox out) {
        Type type = signal.type();
        boolean cleanup = type == Type.REJECT || type == Type.HANG_UP;
        synchronized (session) {
            if (session.forgotten) {
                throw unknown(signal, UNKNOWN_SESSION);
            }
            boolean isCaller = userId == session.callerId;
            Leg leg = session.legs.get(userId);
            if (!isCaller && leg == null) {
                throw unknown(signal, "You are not in this call");
            }
            if (session.ended != 0) {
                if (cleanup) {
                    return;
                }
                throw refused(signal, "The call has ended");
            }
            boolean live = session.isLive(userId);
            Transport speaker = isCaller ? session.callerConnection : leg.bound;
            if (sender != null && live && speaker != null && !speaker.equals(sender)) {
                throw refused(signal, isCaller ? "The call was placed from another connection of this user"
                        : "The call was answered on another connection of this user");
            }
            if (!live && !cleanup) {
                throw refused(signal, "You are not in this call any more");
            }
            long to = signal.to();
            if (to == userId) {
                throw invalid(signal, "to is the sender");
            }
            if (to != 0 && !session.isMember(to)) {
                throw unknown(signal, "User " + to + " is not in this call");
            }
            EncodedFrame frame = relayFrame(session, userId, signal);
            switch (type) {
                case CALL, ACCEPT, ICE_CANDIDATES, UPDATE -> {
                    if (to == 0) {
                        throw invalid(signal, type.wire() + " needs to");
                    }
                    if (!session.isLive(to)) {
                        throw refused(signal, "User " + to + " is not in this call any more");
                    }
                    if (type == Type.CALL && leg != null && leg.state != State.ESTABLISHED) {
                        throw refused(signal, "Accept the call before calling other participants");
                    }
                    if (type == Type.ACCEPT && leg != null && leg.state == State.RING) {
                        checkConnectionLimit(sender, signal);
                        leg.state = State.ESTABLISHED;
                        leg.answered = now();
                        leg.bound = sender;
                        leg.hookPending = false;
                        bind(sender, session);
                        // the user's other devices stop ringing
                        out.toUser(userId, sender, frame);
                        cancelTimerUnlessRinging(session);
                    }
                    deliver(session, to, frame, out);
                }
                case REJECT, HANG_UP -> {
                    Collection<Long> recipients = to != 0
                            ? (session.isLive(to) ? List.of(to) : List.of())
                            : session.liveMembers(userId);
                    if (isCaller && !session.callerLeft && type == Type.HANG_UP) {
                        LinkedHashSet<Long> all = new LinkedHashSet<>(recipients);
                        // the caller hung up: every ringing callee stops ringing, addressed or not
                        for (Leg ringing : session.legs.values()) {
                            if (ringing.state == State.RING) {
                                all.add(ringing.userId);
                                end(session, ringing, State.FINISH);
                            }
                        }
                        callerLeaves(session);
                        recipients = all;
                    } else if (leg != null && leg.state == State.RING) {
                        end(session, leg, State.REJECTED);
                        out.toUser(userId, sender, frame);
                    } else if (leg != null && leg.state == State.ESTABLISHED && type == Type.HANG_UP) {
                        end(session, leg, State.FINISH);
                    }
                    for (long recipient : recipients) {
                        deliver(session, recipient, frame, out);
                    }
                    endIfOver(session);
                }
                default -> throw new IllegalStateException("signal type " + type);
            }
        }
    }

    /** A connection closed: wherever it spoke for its user, the user leaves the call. */
    public void disconnected(Transport transport) {
        if (cluster != null && !(transport instanceof RemoteConnection)) {
            cluster.disconnected(transport);
        }
        Set<P2pSession> spokenIn = byConnection.remove(transport);
        if (spokenIn == null) {
            return;
        }
        for (P2pSession session : spokenIn) {
            Outbox out = new Outbox(session.devId);
            synchronized (session) {
                if (session.ended != 0) {
                    continue;
                }
                long now = now();
                if (transport.equals(session.callerConnection) && !session.callerLeft) {
                    List<Long> others = session.liveMembers(session.callerId);
                    for (Leg leg : session.legs.values()) {
                        if (leg.state == State.RING) {
                            end(session, leg, State.FINISH);
                        }
                    }
                    callerLeaves(session);
                    EncodedFrame frame = CallFrames.hangUp(session.id, session.callerId, session.callerId,
                            DISCONNECTED, now);
                    for (long other : others) {
                        deliver(session, other, frame, out);
                    }
                } else {
                    for (Leg leg : session.legs.values()) {
                        if (transport.equals(leg.bound) && leg.state == State.ESTABLISHED) {
                            end(session, leg, State.FINISH);
                            EncodedFrame frame = CallFrames.hangUp(session.id, session.callerId, leg.userId,
                                    DISCONNECTED, now);
                            for (long other : session.liveMembers(leg.userId)) {
                                deliver(session, other, frame, out);
                            }
                        }
                    }
                }
                endIfOver(session);
            }
            out.send();
        }
    }

    private void answerTimeout(P2pSession session) {
        Outbox out = new Outbox(session.devId);
        synchronized (session) {
            if (session.ended != 0 || session.forgotten) {
                return;
            }
            for (Leg leg : session.legs.values()) {
                if (leg.state == State.RING) {
                    notAnswered(session, leg, out);
                }
            }
            endIfOver(session);
        }
        out.send();
    }

    private void askHook(P2pSession session, Leg leg) {
        offlineHook.notify(session.devId, session, leg.userId).thenAccept(pushed -> {
            if (pushed || cluster == null) {
                hookAnswered(session, leg, pushed || hub.isOnline(session.devId, leg.userId));
                return;
            }
            cluster.online(session.devId, List.of(leg.userId)).whenComplete((online, failure) ->
                    hookAnswered(session, leg, failure == null && online.contains(leg.userId)));
        });
    }

    /** The offline hook answered: no push sent and still no connection ({@code reachable} false), nobody can answer. */
    private void hookAnswered(P2pSession session, Leg leg, boolean reachable) {
        Outbox out = new Outbox(session.devId);
        synchronized (session) {
            if (!leg.hookPending || leg.state != State.RING || session.forgotten) {
                return;
            }
            leg.hookPending = false;
            if (!reachable) {
                notAnswered(session, leg, out);
                endIfOver(session);
            }
        }
        out.send();
    }

    /** The leg rang unanswered: the caller gets {@code notAnswer}, the callee's devices a {@code hangUp}. */
    private void notAnswered(P2pSession session, Leg leg, Outbox out) {
        end(session, leg, State.NOT_ANSWERED);
        long now = now();
        if (!session.callerLeft) {
            out.to(session.callerConnection, CallFrames.notAnswer(session.id, session.callerId, leg.userId, now));
        }
        out.toUser(leg.userId, null, CallFrames.hangUp(session.id, session.callerId, leg.userId, NOT_ANSWERED, now));
    }

    private void end(P2pSession session, Leg leg, State state) {
        leg.state = state;
        leg.ended = now();
        leg.hookPending = false;
        if (leg.bound != null) {
            unbind(leg.bound, session);
            leg.bound = null;
        }
    }

    private void callerLeaves(P2pSession session) {
        session.callerLeft = true;
        if (session.callerConnection != null) {
            unbind(session.callerConnection, session);
            session.callerConnection = null;
        }
    }

    /** Ends the session once fewer than two members are left in it; it is forgotten {@code keep_finished} later. */
    private void endIfOver(P2pSession session) {
        cancelTimerUnlessRinging(session);
        if (session.ended != 0 || session.liveMembers(0).size() >= 2) {
            return;
        }
        for (Leg leg : session.legs.values()) {
            if (leg.state.live()) {
                end(session, leg, State.FINISH);
            }
        }
        callerLeaves(session);
        session.ended = now();
        if (config.keepFinishedSeconds() == 0) {
            forget(session);
            return;
        }
        if (kept.incrementAndGet() > maxKeptSessions) {
            kept.decrementAndGet();
            forget(session);
            return;
        }
        session.kept = true;
        if (schedule(() -> forget(session), config.keepFinishedSeconds()) == null) {
            forget(session);
        }
    }

    private void cancelTimerUnlessRinging(P2pSession session) {
        if (session.answerTimer != null && !session.anyRinging()) {
            session.answerTimer.cancel(false);
            session.answerTimer = null;
        }
    }

    private void forget(P2pSession session) {
        synchronized (session) {
            if (session.forgotten) {
                return;
            }
            session.forgotten = true;
            if (session.kept) {
                session.kept = false;
                kept.decrementAndGet();
            }
        }
        if (sessions.remove(new SessionKey(session.devId, session.id), session) && cluster != null) {
            cluster.announce(session.devId, session.id, false);
        }
        unindex(session, session.callerId);
        for (long opponent : session.opponents) {
            unindex(session, opponent);
        }
    }

    /** Where a signal for {@code userId} goes: the caller's connection, the answering one, or every device. */
    private static void deliver(P2pSession session, long userId, EncodedFrame frame, Outbox out) {
        if (userId == session.callerId) {
            if (session.callerConnection != null) {
                out.to(session.callerConnection, frame);
            }
            return;
        }
        Leg leg = session.legs.get(userId);
        if (leg.bound != null) {
            out.to(leg.bound, frame);
        } else {
            out.toUser(userId, null, frame);
        }
    }

    private EncodedFrame relayFrame(P2pSession session, long from, CallSignal signal) {
        ObjectNode data = signal.payload().deepCopy();
        data.put("callerID", session.callerId);
        data.put("from", from);
        if (signal.type() == Type.CALL) {
            ArrayNode opponents = data.putArray("opponentsIDs");
            session.opponents.forEach(opponents::add);
            data.put("callType", session.callType);
        }
        return CallFrames.signal(data, signal.type().wire(), now());
    }

    private void checkConnectionLimit(Transport sender, CallSignal signal) {
        Set<P2pSession> spokenIn = byConnection.get(sender);
        if (spokenIn != null && spokenIn.size() >= MAX_CALLS_PER_CONNECTION) {
            throw refused(signal, "Too many calls on this connection (at most " + MAX_CALLS_PER_CONNECTION + ")");
        }
    }

    private void bind(Transport transport, P2pSession session) {
        byConnection.compute(transport, (key, set) -> {
            Set<P2pSession> spokenIn = set == null ? ConcurrentHashMap.newKeySet() : set;
            spokenIn.add(session);
            return spokenIn;
        });
    }

    private void unbind(Transport transport, P2pSession session) {
        byConnection.computeIfPresent(transport, (key, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    private void index(P2pSession session, long userId) {
        byUser.compute(new UserKey(session.devId, userId), (key, set) -> {
            Set<P2pSession> of = set == null ? ConcurrentHashMap.newKeySet() : set;
            of.add(session);
            return of;
        });
    }

    private void unindex(P2pSession session, long userId) {
        byUser.computeIfPresent(new UserKey(session.devId, userId), (key, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    private ScheduledFuture<?> schedule(Runnable task, long seconds) {
        return schedule(task, Duration.ofSeconds(seconds));
    }

    /** Runs {@code task} on {@code p2p-calls-timer} after {@code delay}; null once closed. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timers.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("P2P call timer failed", e);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static CallSignalException invalid(CallSignal signal, String text) {
        return new CallSignalException(Kind.INVALID, text, signal.sessionId(), signal.type().wire());
    }

    private static CallSignalException unknown(CallSignal signal, String text) {
        return new CallSignalException(Kind.UNKNOWN_SESSION, text, signal.sessionId(), signal.type().wire());
    }

    private static CallSignalException refused(CallSignal signal, String text) {
        return new CallSignalException(Kind.REFUSED, text, signal.sessionId(), signal.type().wire());
    }

    // ---- the calls table

    @Override
    public boolean owns(int devId, String sessionId) {
        return sessions.containsKey(new SessionKey(devId, sessionId))
                || cluster != null && cluster.ownerOf(devId, sessionId) != null;
    }

    /** With several nodes a session another node holds is asked of it (waiting at most 2 s: a statement thread). */
    @Override
    public List<CallLeg> legs(int devId, Collection<String> sessionIds) {
        List<CallLeg> rows = new ArrayList<>();
        for (String id : new LinkedHashSet<>(sessionIds)) {
            P2pSession session = sessions.get(new SessionKey(devId, id));
            String owner = session != null || cluster == null ? null : cluster.ownerOf(devId, id);
            if (session != null) {
                addRows(session, null, rows);
            } else if (owner != null) {
                rows.addAll(cluster.queries().legsAt(owner, devId, id));
            }
        }
        return rows;
    }

    /** The rows of a session this node holds (another node asked). */
    List<CallLeg> legsHere(int devId, String sessionId) {
        List<CallLeg> rows = new ArrayList<>();
        P2pSession session = sessions.get(new SessionKey(devId, sessionId));
        if (session != null) {
            addRows(session, null, rows);
        }
        return rows;
    }

    /**
     * With several nodes every live node's sessions of the users (a session lives on its caller's node, and a node
     * does not know which others hold a user's calls: {@link ClusterQueries#everywhere}, waiting at most 2 s).
     */
    @Override
    public List<CallLeg> legsOfUsers(int devId, Collection<Long> userIds) {
        List<CallLeg> here = legsOfUsersHere(devId, userIds);
        List<Long> users = List.copyOf(new LinkedHashSet<>(userIds));
        return cluster == null ? here : cluster.queries().everywhere(devId, users, Integer.MAX_VALUE, here);
    }

    /** The rows of this node's sessions of the users. */
    List<CallLeg> legsOfUsersHere(int devId, Collection<Long> userIds) {
        Set<P2pSession> seen = new LinkedHashSet<>();
        List<CallLeg> rows = new ArrayList<>();
        for (long userId : new LinkedHashSet<>(userIds)) {
            for (P2pSession session : byUser.getOrDefault(new UserKey(devId, userId), Set.of())) {
                if (seen.add(session)) {
                    // every leg of a call one of them placed; their own legs of a call they got
                    addRows(session, userIds.contains(session.callerId) ? null : userIds, rows);
                }
            }
        }
        return rows;
    }

    /** With several nodes every live node's sessions, as {@link #legsOfUsers}. */
    @Override
    public List<CallLeg> allLegs(int devId, int limit) {
        List<CallLeg> here = allLegsHere(devId, limit);
        return cluster == null || here.size() >= limit ? here
                : cluster.queries().everywhere(devId, null, limit, here);
    }

    /** The rows of this node's sessions, at most {@code limit}. */
    List<CallLeg> allLegsHere(int devId, int limit) {
        List<CallLeg> rows = new ArrayList<>();
        for (P2pSession session : sessions.values()) {
            if (rows.size() >= limit) {
                break;
            }
            if (session.devId == devId) {
                addRows(session, null, rows);
            }
        }
        return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
    }

    /** Adds the rows of the legs of {@code users} (every leg when null). */
    private void addRows(P2pSession session, Collection<Long> users, List<CallLeg> rows) {
        synchronized (session) {
            if (session.forgotten) {
                return;
            }
            for (Leg leg : session.legs.values()) {
                if (users == null || users.contains(leg.userId)) {
                    rows.add(session.row(leg, node));
                }
            }
        }
    }

    /** {@code DELETE FROM calls}: the legs end; everyone in them gets {@code hangUp} with reason "server". */
    @Override
    public int hangUp(int devId, String sessionId, Collection<Long> userIds) {
        String owner = cluster == null || sessions.containsKey(new SessionKey(devId, sessionId)) ? null
                : cluster.ownerOf(devId, sessionId);
        return owner != null ? cluster.queries().hangUpAt(owner, devId, sessionId, userIds)
                : hangUpHere(devId, sessionId, userIds);
    }

    /** {@code DELETE FROM calls} of a session this node holds. */
    int hangUpHere(int devId, String sessionId, Collection<Long> userIds) {
        P2pSession session = sessions.get(new SessionKey(devId, sessionId));
        if (session == null) {
            return 0;
        }
        Outbox out = new Outbox(devId);
        int ended = 0;
        synchronized (session) {
            if (session.ended != 0 || session.forgotten) {
                return 0;
            }
            long now = now();
            List<Leg> ending = new ArrayList<>();
            for (Leg leg : session.legs.values()) {
                if (leg.state.live() && (userIds == null || userIds.contains(leg.userId))) {
                    ending.add(leg);
                }
            }
            for (Leg leg : ending) {
                EncodedFrame frame = CallFrames.hangUp(session.id, session.callerId, leg.userId, SERVER, now);
                deliver(session, leg.userId, frame, out);
                end(session, leg, State.FINISH);
            }
            for (Leg leg : ending) {
                EncodedFrame frame = CallFrames.hangUp(session.id, session.callerId, leg.userId, SERVER, now);
                for (long other : session.liveMembers(0)) {
                    deliver(session, other, frame, out);
                }
            }
            ended = ending.size();
            endIfOver(session);
        }
        out.send();
        return ended;
    }

    @Override
    public int update(int devId, String sessionId, Collection<Long> userIds, CallChanges changes) {
        throw new CometQlException(CometQlErrors.INVALID_DATA, "hold, dtmf and transfer apply to SIP calls only");
    }

    /** Sessions live or kept (tests, metrics). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Connections speaking in a live session (tests: nothing may stay behind). */
    int boundConnections() {
        return byConnection.size();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        if (offlineHook != null) {
            offlineHook.close();
        }
    }

    /**
     * Frames a state change causes, written once the session's monitor is released: to one connection, or to every
     * connection of a user (looked up at write time, in the session's dev_id only), one left out.
     */
    private final class Outbox {
        private final int devId;
        private final List<Object> targets = new ArrayList<>(4);
        private final List<EncodedFrame> frames = new ArrayList<>(4);

        Outbox(int devId) {
            this.devId = devId;
        }

        private record UserTarget(long userId, Transport except) {
        }

        void to(Transport transport, EncodedFrame frame) {
            if (transport != null) {
                targets.add(transport);
                frames.add(frame);
            }
        }

        void toUser(long userId, Transport except, EncodedFrame frame) {
            targets.add(new UserTarget(userId, except));
            frames.add(frame);
        }

        void send() {
            for (int i = 0; i < targets.size(); i++) {
                Object target = targets.get(i);
                EncodedFrame frame = frames.get(i);
                if (target instanceof Transport transport) {
                    transport.write(frame);
                } else if (cluster != null) {
                    UserTarget user = (UserTarget) target;
                    cluster.toUser(devId, user.userId(), user.except(), frame);
                } else {
                    UserTarget user = (UserTarget) target;
                    for (Transport transport : hub.userConnections(devId, user.userId())) {
                        if (transport != user.except()) {
                            transport.write(frame);
                        }
                    }
                }
            }
        }
    }
}
