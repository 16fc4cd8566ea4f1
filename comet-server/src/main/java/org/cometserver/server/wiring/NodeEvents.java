package org.cometserver.server.wiring;

import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.hub.HubListener;
import org.cometserver.server.hub.Transport;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the node's hub and presence tell the rest of the node: a channel's first and last subscriber here subscribe
 * and unsubscribe the node at the broker; a user's first and last connection here register him at the broker and
 * at presence, and when presence answers that he came online (or went offline) on the whole cluster,
 * {@link PresenceRecorder} reports it; so it does for the users of a node that died ({@link #usersLost}). Joins and
 * leaves go to presence only when it keeps its own copy (Redis), never for {@link LocalPresence}.
 */
public final class NodeEvents implements HubListener, PresenceManager.Events {
    private static final Logger log = LoggerFactory.getLogger(NodeEvents.class);

    private final PresenceRecorder recorder;
    private final String node;
    private final boolean membership;
    private final RateLimitedLog failures;
    private volatile Hub hub;
    private volatile PresenceManager presence;
    private volatile Broker broker;
    private volatile Consumer<List<String>> nodeLossListener;
    /** Joins waiting for their channel's broker subscription ({@link #joined}); guarded by the member's stripe. */
    private final Set<Membership> waitingJoins = ConcurrentHashMap.newKeySet();
    /** Locks ordering a user's first/last-connection events ({@link #userArrived}); 64 stripes bound contention. */
    private final Object[] stripes = new Object[64];

    /**
     * @param node       this node's name in presence
     * @param membership whether presence is told of every join and leave (false for {@link LocalPresence}, a view of
     *                   the hub)
     */
    public NodeEvents(PresenceRecorder recorder, String node, boolean membership, Clock clock) {
        this.recorder = recorder;
        this.node = node;
        this.membership = membership;
        this.failures = new RateLimitedLog(log, Duration.ofSeconds(10), clock);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Connects the node's parts (built after the hub, which needs this listener first). Call before the hub takes
     * connections; then start presence with these events ({@link PresenceManager#start}).
     *
     * @param broker null until the node has a broker: then channels and users are not subscribed anywhere
     */
    public void bind(Hub hub, PresenceManager presence, Broker broker) {
        this.hub = hub;
        this.presence = presence;
        this.broker = broker;
    }

    @Override
    public void channelOccupied(Hub hub, int devId, String channel) {
        Broker b = broker;
        if (b != null) {
            warnOnFailure(() -> b.subscribe(devId, channel), "subscribe to channel", channel);
        }
    }

    @Override
    public void channelVacated(Hub hub, int devId, String channel) {
        Broker b = broker;
        if (b != null) {
            warnOnFailure(() -> b.unsubscribe(devId, channel), "unsubscribe from channel", channel);
        }
    }

    /**
     * The hub reports a user's first and last connection after its update, so a last disconnect and a new first
     * connection racing on two event loops may arrive here swapped. Each is handled under the user's stripe and only
     * if it still holds (a "first" while the user is online here, a "last" while he is not): presence and the broker
     * then hear them in the order the hub's state took.
     */
    @Override
    public void userArrived(Hub hub, int devId, long userId) {
        synchronized (stripe(devId, userId)) {
            if (!hub.isOnline(devId, userId)) {
                return; // his connection left again: the departure that follows (or preceded) speaks for him
            }
            Broker b = broker;
            if (b != null) {
                warnOnFailure(() -> b.subscribeUser(devId, userId), "subscribe to user", userId);
            }
            presence.userConnected(devId, userId).whenComplete((online, failure) -> {
                if (failure != null) {
                    failures.warn("presence could not register user {} (dev {}): {}", userId, devId,
                            failure.toString());
                } else if (online) {
                    recorder.userOnline(devId, userId);
                }
            });
        }
    }

    @Override
    public void userDeparted(Hub hub, int devId, long userId) {
        synchronized (stripe(devId, userId)) {
            if (hub.isOnline(devId, userId)) {
                return; // a new connection came meanwhile: he never left this node
            }
            Broker b = broker;
            if (b != null) {
                warnOnFailure(() -> b.unsubscribeUser(devId, userId), "unsubscribe from user", userId);
            }
            presence.userDisconnected(devId, userId).whenComplete((offline, failure) -> {
                if (failure != null) {
                    failures.warn("presence could not unregister user {} (dev {}): {}", userId, devId,
                            failure.toString());
                } else if (offline) {
                    recorder.userOffline(devId, userId);
                }
            });
        }
    }

    private Object stripe(int devId, long userId) {
        return stripes[Math.floorMod(Long.hashCode(userId * 31 + devId), stripes.length)];
    }

    @Override
    public boolean wantsMembership() {
        return membership;
    }

    /**
     * Presence hears of a join only once this node receives the channel (its broker subscription settled): other
     * nodes list the page as a member (users_in_pipes, track_) only when a publication would reach it. A join still
     * waiting is remembered, so that its leave, if it comes first, cancels it instead of overtaking it.
     */
    @Override
    public void joined(Hub hub, int devId, String channel, Transport transport) {
        Broker b = broker;
        CompletableFuture<Void> settled;
        try {
            settled = b == null ? null : b.subscriptionSettled(devId, channel);
        } catch (RuntimeException e) { // a broker that cannot say: presence hears of the join at once
            settled = null;
        }
        if (settled == null || settled.isDone()) {
            recordJoin(devId, channel, transport);
            return;
        }
        Membership member = new Membership(devId, channel, transport);
        synchronized (stripe(member)) {
            waitingJoins.add(member);
        }
        settled.whenComplete((done, failure) -> {
            synchronized (stripe(member)) {
                if (waitingJoins.remove(member)) {
                    recordJoin(devId, channel, transport);
                }
            }
        });
    }

    @Override
    public void left(Hub hub, int devId, String channel, Transport transport) {
        Membership member = new Membership(devId, channel, transport);
        synchronized (stripe(member)) {
            if (waitingJoins.remove(member)) {
                return; // its join was never told: nothing to take back
            }
            try {
                presence.left(devId, channel, LocalPresence.clientInfo(node, transport));
            } catch (RuntimeException e) { // inside the hub's update of the channel, which must complete
                failures.warn("presence could not record a leave of {}: {}", channel, e.toString());
            }
        }
    }

    private void recordJoin(int devId, String channel, Transport transport) {
        try {
            presence.joined(devId, channel, LocalPresence.clientInfo(node, transport));
        } catch (RuntimeException e) { // as in left
            failures.warn("presence could not record a join of {}: {}", channel, e.toString());
        }
    }

    private Object stripe(Membership member) {
        return stripes[Math.floorMod(member.hashCode(), stripes.length)];
    }

    /** A connection's membership of a channel (identity of the transport). */
    private record Membership(int devId, String channel, Transport transport) {
    }

    /** Users whose node died: offline as if they had disconnected. */
    @Override
    public void usersLost(int devId, List<Long> userIds) {
        for (long userId : userIds) {
            recorder.userOffline(devId, userId);
        }
    }

    /** Nodes presence dropped: whoever keeps state for their connections ({@link #onNodesLost}) ends it. */
    @Override
    public void nodesLost(List<String> nodes) {
        Consumer<List<String>> listener = nodeLossListener;
        if (listener != null) {
            listener.accept(nodes);
        }
    }

    /** Who is told of dead nodes (the cluster's P2P calls, which end their legs); set before presence starts. */
    public void onNodesLost(Consumer<List<String>> listener) {
        this.nodeLossListener = listener;
    }

    /** Users presence registered again after losing them: online as if they had connected. */
    @Override
    public void usersFound(int devId, List<Long> userIds) {
        for (long userId : userIds) {
            recorder.userOnline(devId, userId);
        }
    }

    /**
     * Asks the broker, logging a failure; one thrown at once is caught too, since the hub calls inside its update of
     * the channel, which must complete.
     */
    private void warnOnFailure(Supplier<CompletableFuture<Void>> ask, String what, Object name) {
        try {
            ask.get().whenComplete((ignored, failure) -> {
                if (failure != null) {
                    failures.warn("broker could not {} {}: {}", what, name, failure.toString());
                }
            });
        } catch (RuntimeException e) {
            failures.warn("broker could not {} {}: {}", what, name, e.toString());
        }
    }
}
