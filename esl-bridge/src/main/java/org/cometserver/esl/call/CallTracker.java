package org.cometserver.esl.call;

import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.conference.SerialNotifier;
import org.cometserver.esl.spi.CallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The live channels of every node, fed by their {@code CHANNEL_*} and {@code DTMF} events (see the package description),
 * and the call events derived from them. Every channel is followed (so a browser leg learns about its bridged peer);
 * listeners hear only about the legs {@code isCall} accepts. Writers (the nodes' event loops) serialise on a lock and only
 * touch memory; listener calls are computed under the lock, so they are in event order, and run on the notifier's
 * executor. At most {@link #MAX_CHANNELS_PER_NODE} channels per node are followed; beyond that new channels are ignored
 * with a log line (a FreeSWITCH that busy needs more than one comet server anyway).
 */
public final class CallTracker {

    public static final int MAX_CHANNELS_PER_NODE = 20_000;

    /** CppComet SIP user names: six digits of dev_id, then a user id without leading zero (xml-curl-endpoint SipUserName). */
    private static final Pattern BROWSER_USER = Pattern.compile("[0-9]{6}[1-9][0-9]{0,8}");
    /** The comet dialplan's conference extensions: {@code <dev>*<room>[*<profile>]}. */
    private static final Pattern CONFERENCE_ROUTE = Pattern.compile("[0-9]{1,9}\\*[0-9A-Za-z_-]+(\\*[0-9A-Za-z_-]+)?");

    /**
     * The legs that make a call: a {@code comet_*} variable, or a browser user's SIP leg that is not joining a comet
     * conference.
     */
    public static final Predicate<SipLeg> BROWSER_CALLS = leg -> !leg.variables().isEmpty()
            || (leg.sipUser() != null && BROWSER_USER.matcher(leg.sipUser()).matches()
            && (leg.destinationNumber() == null || !CONFERENCE_ROUTE.matcher(leg.destinationNumber()).matches()));

    private static final Logger log = LoggerFactory.getLogger(CallTracker.class);
    /** Causes of an ordinary end of an answered call. */
    private static final Set<String> NORMAL = Set.of("NORMAL_CLEARING", "ORIGINATOR_CANCEL", "MANAGER_REQUEST",
            "CALL_REJECTED", "NORMAL_UNSPECIFIED");

    private final Predicate<SipLeg> isCall;
    private final SerialNotifier notifier;
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** node → uuid → channel, in creation order. */
    private final Map<String, Map<String, Tracked>> nodes = new HashMap<>();
    private long ignoredChannels;

    public CallTracker(Executor listenerExecutor, Predicate<SipLeg> isCall) {
        this.isCall = Objects.requireNonNull(isCall);
        this.notifier = new SerialNotifier("call listeners", listenerExecutor);
    }

    /** The event names to subscribe to ({@code CHANNEL_CREATE ... DTMF}). */
    public static List<String> subscribedEvents() {
        return ChannelEvents.ALL;
    }

    public void addListener(CallListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(CallListener listener) {
        listeners.remove(listener);
    }

    public void nodeHealthChanged(NodeHealth health) {
        if (!listeners.isEmpty()) {
            notifier.submit(() -> listeners.forEach(l -> l.nodeHealthChanged(health)));
        }
    }

    /** The live call legs of every node (the ones listeners hear about), oldest first per node. */
    public List<SipLeg> callLegs() {
        synchronized (lock) {
            List<SipLeg> legs = new ArrayList<>();
            nodes.values().forEach(channels -> channels.values().stream().filter(t -> t.call).forEach(t -> legs.add(t.leg)));
            return legs;
        }
    }

    /** Any live channel of {@code node} that this tracker follows, call leg or not. */
    public Optional<SipLeg> channel(String node, String uuid) {
        synchronized (lock) {
            Tracked t = nodes.getOrDefault(node, Map.of()).get(uuid);
            return t == null ? Optional.empty() : Optional.of(t.leg);
        }
    }

    /** Applies one event of {@code node}; events other than the subscribed channel events are ignored. */
    public void apply(String node, EslEvent event) {
        String name = event.name();
        String uuid = ChannelEvents.uuid(event);
        if (name == null || uuid == null || !ChannelEvents.ALL.contains(name)) {
            return;
        }
        synchronized (lock) {
            Map<String, Tracked> channels = nodes.computeIfAbsent(node, n -> new LinkedHashMap<>());
            Tracked t = channels.get(uuid);
            if (t == null && !ChannelEvents.HANGUP_COMPLETE.equals(name) && channels.size() >= MAX_CHANNELS_PER_NODE) {
                if (ignoredChannels++ % 1000 == 0) {
                    log.warn("FreeSWITCH node {}: {} channels followed already; channel {} ignored ({} so far)", node,
                            channels.size(), uuid, ignoredChannels);
                }
                return;
            }
            boolean connected = (t != null && t.connected) || (!ChannelEvents.HANGUP_COMPLETE.equals(name)
                    && ChannelEvents.isAnswered(event) && ChannelEvents.otherLeg(event) != null);
            Change change = change(name, event, t == null ? null : t.leg, connected);
            SipLeg leg = ChannelEvents.leg(node, event, t == null ? null : t.leg, change.state, change.otherLeg);
            leg = withPeer(channels, leg, t == null ? null : t.leg);
            boolean wasCall = t != null && t.call;
            boolean call = wasCall || isCall.test(leg);
            if (leg.state().isFinal()) {
                channels.remove(uuid);
            } else if (t == null) {
                channels.put(uuid, new Tracked(leg, call, connected));
            } else {
                t.leg = leg;
                t.call = call;
                t.connected = connected;
            }
            CallEvent.Type type = change.type;
            if (call && !wasCall && type == null) {
                // Became a call leg without a change of its own (e.g. a comet_* variable set later): say where it is.
                type = switch (leg.state()) {
                    case RING -> CallEvent.Type.RING;
                    case HOLD -> CallEvent.Type.HOLD;
                    default -> CallEvent.Type.ESTABLISHED;
                };
            }
            if (call && type != null) {
                notify(new CallEvent(type, leg, type == CallEvent.Type.DTMF ? event.get("DTMF-Digit") : null));
            }
            if (change.otherLeg != null && (ChannelEvents.BRIDGE.equals(name) || t == null)) {
                // The other leg learns its peer too (its own BRIDGE event may come before this leg's CREATE is seen).
                refreshPeer(channels, change.otherLeg);
            }
        }
    }

    /**
     * A node's resync: {@code liveUuids} is what {@code show channels} listed. Channels no longer listed are dropped;
     * call legs among them get a {@link CallEvent.Type#LOST} event.
     */
    public void retainOnly(String node, Collection<String> liveUuids) {
        Set<String> live = new HashSet<>(liveUuids);
        synchronized (lock) {
            Map<String, Tracked> channels = nodes.getOrDefault(node, Map.of());
            int lost = 0;
            for (Iterator<Tracked> it = channels.values().iterator(); it.hasNext(); ) {
                Tracked t = it.next();
                if (live.contains(t.leg.uuid())) {
                    continue;
                }
                it.remove();
                lost++;
                if (t.call) {
                    SipLeg gone = ChannelEvents.withState(t.leg, t.leg.answered() != null ? CallState.FINISH : CallState.FAILED);
                    notify(new CallEvent(CallEvent.Type.LOST, gone, null));
                }
            }
            if (lost > 0) {
                log.info("FreeSWITCH node {}: {} channels ended while the event connection was down; dropped", node, lost);
            }
        }
    }

    private record Change(CallState state, CallEvent.Type type, String otherLeg) {
    }

    /** The leg's new state and the event type to report (null: nothing for listeners), for event {@code name}. */
    private static Change change(String name, EslEvent e, SipLeg before, boolean connected) {
        CallState was = before == null ? null : before.state();
        String other = before == null ? null : before.otherLegUuid();
        boolean answered = ChannelEvents.isAnswered(e);
        CallState initial = answered ? CallState.ESTABLISHED : CallState.RING;
        CallEvent.Type firstType = answered ? CallEvent.Type.ESTABLISHED : CallEvent.Type.RING;
        switch (name) {
            case ChannelEvents.CREATE, ChannelEvents.PROGRESS, ChannelEvents.PROGRESS_MEDIA, ChannelEvents.CALLSTATE -> {
                if (was == null) {
                    return new Change("HELD".equals(e.get("Channel-Call-State")) ? CallState.HOLD : initial,
                            firstType, ChannelEvents.otherLeg(e));
                }
                return new Change(was, null, other);
            }
            case ChannelEvents.ANSWER -> {
                return was == null || was == CallState.RING
                        ? new Change(CallState.ESTABLISHED, CallEvent.Type.ESTABLISHED, other != null ? other : ChannelEvents.otherLeg(e))
                        : new Change(was, null, other);
            }
            case ChannelEvents.BRIDGE -> {
                String bridged = ChannelEvents.otherLeg(e);
                if (was == null || was == CallState.RING) {
                    return new Change(CallState.ESTABLISHED, CallEvent.Type.ESTABLISHED, bridged);
                }
                return new Change(was, Objects.equals(bridged, other) ? null : CallEvent.Type.PEER, bridged);
            }
            case ChannelEvents.UNBRIDGE -> {
                if ("hangup".equals(e.get("Answer-State"))) {
                    // The leg is hanging up (uuid_kill, the other end hung up): its HANGUP_COMPLETE follows at once and
                    // keeps the last peer.
                    return new Change(was == null ? initial : was, was == null ? firstType : null, other);
                }
                return new Change(was == null ? initial : was, was == null ? firstType : CallEvent.Type.PEER, null);
            }
            case ChannelEvents.HOLD -> {
                return new Change(CallState.HOLD, was == CallState.HOLD ? null : CallEvent.Type.HOLD, other != null ? other : ChannelEvents.otherLeg(e));
            }
            case ChannelEvents.UNHOLD -> {
                return new Change(CallState.ESTABLISHED, was == CallState.HOLD || was == null ? CallEvent.Type.UNHOLD : null,
                        other != null ? other : ChannelEvents.otherLeg(e));
            }
            case ChannelEvents.DTMF -> {
                return new Change(was == null ? initial : was, CallEvent.Type.DTMF, other);
            }
            case ChannelEvents.HANGUP_COMPLETE -> {
                boolean wasAnswered = answered || (before != null && before.answered() != null)
                        || ChannelEvents.micros(e.get("variable_answer_uepoch")) != null;
                // Answered but never connected to anybody (a click-to-call whose bridge found the callee busy) and
                // not ended normally: the call failed.
                boolean finished = wasAnswered && (connected || NORMAL.contains(e.get("Hangup-Cause")));
                return finished ? new Change(CallState.FINISH, CallEvent.Type.FINISH, other)
                        : new Change(CallState.FAILED, CallEvent.Type.FAILED, other);
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    /**
     * Fills in the other end: the bridged leg when we follow it (inbound: whoever called, by caller id; outbound: what
     * was dialled), else this leg's own view (inbound: what it dialled; outbound: who it was called by).
     */
    private static SipLeg withPeer(Map<String, Tracked> channels, SipLeg leg, SipLeg previous) {
        Tracked other = leg.otherLegUuid() == null ? null : channels.get(leg.otherLegUuid());
        if (other == null && previous != null && leg.otherLegUuid() != null
                && leg.otherLegUuid().equals(previous.otherLegUuid())) {
            // the other leg hung up first: it stays this leg's peer
            return ChannelEvents.withPeer(leg, previous.peerNumber(), previous.peerName());
        }
        if (other != null) {
            SipLeg o = other.leg;
            return o.isInbound() ? ChannelEvents.withPeer(leg, o.callerIdNumber(), o.callerIdName())
                    : ChannelEvents.withPeer(leg, o.destinationNumber(), null);
        }
        return leg.isInbound() ? ChannelEvents.withPeer(leg, leg.destinationNumber(), null)
                : ChannelEvents.withPeer(leg, leg.callerIdNumber(), leg.callerIdName());
    }

    /** Recomputes the peer of {@code uuid}'s leg (bridged to a leg we just learnt about); tells listeners if it changed. */
    private void refreshPeer(Map<String, Tracked> channels, String uuid) {
        Tracked t = channels.get(uuid);
        if (t == null) {
            return;
        }
        SipLeg updated = withPeer(channels, t.leg, null);
        if (!Objects.equals(updated.peerNumber(), t.leg.peerNumber()) || !Objects.equals(updated.peerName(), t.leg.peerName())) {
            t.leg = updated;
            if (t.call) {
                notify(new CallEvent(CallEvent.Type.PEER, updated, null));
            }
        }
    }

    private void notify(CallEvent event) {
        if (!listeners.isEmpty()) {
            notifier.submit(() -> listeners.forEach(l -> l.callEvent(event)));
        }
    }

    /** Mutable holder, guarded by the tracker's lock; the leg itself is immutable. */
    private static final class Tracked {
        SipLeg leg;
        boolean call;
        /** Answered while bridged to (or originated by) another leg at least once. */
        boolean connected;

        Tracked(SipLeg leg, boolean call, boolean connected) {
            this.leg = leg;
            this.call = call;
            this.connected = connected;
        }
    }
}
