package org.cometserver.server.wiring;

import org.cometserver.esl.EslBridge;
import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.conference.ConferenceAction;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.spi.ConferenceListener;
import org.cometserver.server.broker.Leases;
import org.cometserver.server.broker.Leases.Lease;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One owner per FreeSWITCH node in a cluster: every server bridges every FreeSWITCH node (for commands and
 * {@code conference_members}), but only the holder of the node's lease ({@link Leases}, name
 * {@code freeswitch:<node>}) passes the node's conference events to the listeners that write rows, publish notices
 * and run timers ({@link ConferenceNotices}, {@link RoomGovernor}, {@link TemporaryAccess}).
 * <p>
 * The other servers keep the events they hold back, per FreeSWITCH node, and drop those that arrived before the
 * holder's last renewal (it was alive then, and saw them too). A server that takes a lease over (the holder died: its
 * lease expired after {@code failure_timeout}; or it released it at shutdown, and then the events before the release
 * are dropped too) first passes on what it held back, in order (what the dead holder may have missed), then asks the
 * bridge to list the node's conferences again ({@link EslBridge#resync}), as after a reconnect, so that listeners learn
 * whatever differs from the live state.
 * <p>
 * Threads: listener calls arrive on the bridge's single callback thread; takeovers run there too (so they keep the
 * events' order without a lock). Leases are renewed every {@code heartbeat} on {@code timer}, without blocking it.
 */
public final class FreeswitchOwners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FreeswitchOwners.class);
    /** Events held back per FreeSWITCH node while another server owns it; beyond it the oldest are dropped. */
    static final int MAX_HELD = 10_000;
    static final String LEASE_PREFIX = "freeswitch:";

    /** One FreeSWITCH node, written on the callback thread (and by close), read anywhere. */
    private final class Node {
        final String name;
        volatile long validUntilNanos;
        volatile String holder = "";
        /** This server passes the node's events on (after a takeover); callback thread only. */
        boolean active;
        final ArrayDeque<Held> held = new ArrayDeque<>();
        boolean overflowed;

        Node(String name) {
            this.name = name;
        }

        boolean owns() {
            return validUntilNanos - nanos.getAsLong() > 0;
        }
    }

    private record Held(long arrivedNanos, Runnable call) {
    }

    private final Leases leases;
    private final Executor callbacks;
    private final EslBridge bridge;
    private final LongSupplier nanos;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final RateLimitedLog failures = new RateLimitedLog(log, Duration.ofSeconds(10), Clock.systemUTC());
    private volatile ScheduledFuture<?> renewing;
    private volatile boolean closed;

    /**
     * @param freeswitchNodes the {@code [sip] freeswitch} node names
     * @param callbacks       the bridge's callback executor (one thread)
     * @param bridge          resynchronised on a takeover; null in tests
     */
    public FreeswitchOwners(Leases leases, Collection<String> freeswitchNodes, Executor callbacks, EslBridge bridge) {
        this(leases, freeswitchNodes, callbacks, bridge, System::nanoTime);
    }

    FreeswitchOwners(Leases leases, Collection<String> freeswitchNodes, Executor callbacks, EslBridge bridge,
                     LongSupplier nanos) {
        this.leases = leases;
        this.callbacks = callbacks;
        this.bridge = bridge;
        this.nanos = nanos;
        freeswitchNodes.forEach(n -> nodes.put(n, new Node(n)));
    }

    /**
     * Wraps a listener of the bridge ({@link EslBridge#decorateListeners}). {@link ParticipantNotices} is left as it
     * is: it follows only the phones this server dialled, so each server reports its own calls' leaving, once.
     */
    public ConferenceListener owned(ConferenceListener listener) {
        return listener instanceof ParticipantNotices ? listener : new Owned(listener);
    }

    /** Takes or renews every node's lease now and every {@code heartbeat} on {@code timer}. */
    public void start(ScheduledExecutorService timer, Duration heartbeat) {
        renew();
        renewing = timer.scheduleWithFixedDelay(this::renew, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Adds the {@code freeswitch_owner_<node>} rows to {@code SHOW GLOBAL STATUS} of these backends. */
    public void showIn(org.cometserver.cometql.spi.CometQlBackends backends) {
        if (backends.status() instanceof HubServerStatus status) {
            status.showFreeswitchOwners(this::holder);
        }
    }

    /** The rooms' governor times only the rooms of FreeSWITCH nodes this server holds. */
    public void governs(Rooms rooms) {
        if (rooms.governor() != null) {
            rooms.governor().timeRoomsOnlyOf(this::owns);
        }
    }

    /** Whether this server processes {@code node}'s events now (its lease is valid). */
    public boolean owns(String node) {
        Node n = nodes.get(node);
        return n != null && n.owns();
    }

    /**
     * Who held {@code node}'s lease at the last renewal ({@code ""} before one); this server's name only once it
     * passed on what it held back.
     */
    public String holder(String node) {
        Node n = nodes.get(node);
        return n == null ? "" : n.holder;
    }

    /** One round: take or renew each lease; the replies arrive on Redis's threads and only set fields or hand off. */
    void renew() {
        for (Node node : nodes.values()) {
            long sent = nanos.getAsLong();
            CompletableFuture<Lease> reply;
            try {
                reply = leases.acquire(LEASE_PREFIX + node.name);
            } catch (RuntimeException e) {
                failures.warn("FreeSWITCH node {}: cannot renew its lease: {}", node.name, e.toString());
                continue;
            }
            reply.whenComplete((lease, error) -> {
                if (error != null) {
                    // the lease runs out by itself when renewals keep failing
                    failures.warn("FreeSWITCH node {}: cannot renew its lease: {}", node.name, error.toString());
                    return;
                }
                leased(node, lease, sent);
            });
        }
    }

    /** A renewal's answer (on a Redis thread): the state changes on the callback thread, in order with the events. */
    private void leased(Node node, Lease lease, long sent) {
        if (closed) {
            return; // an answer that crossed close(): the release came after it
        }
        long now = nanos.getAsLong();
        if (lease.mine()) {
            // counted from before the request: the lease may have been set any time after it
            long validUntil = sent + TimeUnit.MILLISECONDS.toNanos(
                    Math.min(lease.remainingMillis(), Long.MAX_VALUE / 2_000_000L));
            // released cleanly: its holder passed on every event that came before
            long releasedAt = lease.releasedMillisAgo() < 0 ? Long.MIN_VALUE
                    : now - TimeUnit.MILLISECONDS.toNanos(lease.releasedMillisAgo());
            handOff(() -> {
                if (closed) {
                    return;
                }
                if (releasedAt != Long.MIN_VALUE) {
                    dropHeldBefore(node, releasedAt);
                }
                node.validUntilNanos = validUntil;
                if (!node.active && node.owns()) {
                    takeOver(node);
                }
                node.holder = lease.holder(); // shown once what it held back is passed on
            });
        } else {
            // the holder renewed ttl − remaining ago: it was alive then, and had the events that came before
            long renewedAt = now - TimeUnit.MILLISECONDS.toNanos(
                    Math.max(0, leases.ttl().toMillis() - lease.remainingMillis()));
            handOff(() -> {
                if (!node.holder.equals(lease.holder())) {
                    log.info("FreeSWITCH node {}: its events are processed by cluster node {}", node.name,
                            lease.holder());
                }
                node.holder = lease.holder();
                node.validUntilNanos = sent;
                node.active = false;
                dropHeldBefore(node, renewedAt);
            });
        }
    }

    private static void dropHeldBefore(Node node, long nanos) {
        while (!node.held.isEmpty() && node.held.peekFirst().arrivedNanos() - nanos < 0) {
            node.held.removeFirst();
        }
    }

    private void handOff(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Callback thread: passes on a node's event now, or holds it back while another server owns the node. */
    private void deliver(String nodeName, Runnable call) {
        Node node = nodeName == null ? null : nodes.get(nodeName);
        if (node == null) {
            call.run(); // not a configured node (never happens): as a single server would
            return;
        }
        if (node.owns()) {
            if (!node.active) {
                takeOver(node);
            }
            call.run();
            return;
        }
        node.active = false;
        if (node.held.size() >= MAX_HELD) {
            node.held.removeFirst();
            node.overflowed = true;
        }
        node.held.addLast(new Held(nanos.getAsLong(), call));
    }

    /** Callback thread: this server now processes the node's events; what it held back goes first. */
    private void takeOver(Node node) {
        node.active = true;
        List<Held> missed = new ArrayList<>(node.held);
        node.held.clear();
        log.info("FreeSWITCH node {}: this cluster node now processes its events ({} held back{})", node.name,
                missed.size(), node.overflowed ? ", older ones dropped" : "");
        node.overflowed = false;
        for (Held h : missed) {
            try {
                h.call().run();
            } catch (RuntimeException e) {
                log.warn("FreeSWITCH node {}: a held-back event failed: {}", node.name, e.toString());
            }
        }
        // not UP: the bridge lists the node's conferences itself when it connects
        if (bridge != null && bridge.health(node.name).map(NodeHealth::isUp).orElse(false)) {
            bridge.resync(node.name).whenComplete((ignored, error) -> {
                if (error != null) {
                    failures.warn("FreeSWITCH node {}: resync after takeover failed: {}", node.name, error.toString());
                }
            });
        }
    }

    /**
     * Stops renewing and passing events on, and releases the leases this server holds, so that another server takes
     * them at its next renewal; call before closing the bridge (events after this are the next holder's).
     */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> r = renewing;
        if (r != null) {
            r.cancel(false);
        }
        List<CompletableFuture<Void>> released = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node.owns()) {
                node.validUntilNanos = nanos.getAsLong();
                released.add(leases.release(LEASE_PREFIX + node.name));
            }
        }
        try {
            CompletableFuture.allOf(released.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("cannot release the FreeSWITCH leases: {} (they expire by themselves)", e.toString());
        }
    }

    /** A bridge listener whose calls go through {@link #deliver}, by the FreeSWITCH node they concern. */
    private final class Owned implements ConferenceListener {
        private final ConferenceListener listener;

        Owned(ConferenceListener listener) {
            this.listener = listener;
        }

        @Override
        public void memberJoined(Member member) {
            deliver(member.node(), () -> listener.memberJoined(member));
        }

        @Override
        public void memberLeft(Member member) {
            deliver(member.node(), () -> listener.memberLeft(member));
        }

        @Override
        public void memberChanged(Member before, Member after) {
            deliver(after.node(), () -> listener.memberChanged(before, after));
        }

        @Override
        public void conferenceAction(ConferenceAction action) {
            deliver(action.node(), () -> listener.conferenceAction(action));
        }

        @Override
        public void nodeHealthChanged(NodeHealth health) {
            deliver(health.node(), () -> listener.nodeHealthChanged(health));
        }
    }
}
