package org.cometserver.server.listener;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.cometserver.server.config.ListenerSettings;
import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Who may connect to one listener: at most {@code max_connections} open (and never beyond the process's
 * {@link DescriptorBudget}), at most {@code max_connections_per_ip} from one address, at most
 * {@code max_handshakes} still logging in. When the listener is full, the oldest connection that is still in its
 * handshake is closed to make room, so idle connections that never log in cannot keep a real client out; only when
 * every slot is held by a logged-in connection is the newcomer refused. State changes take one lock per listener:
 * they happen once per connect, handshake and close, never per message.
 */
public final class ListenerAdmission {
    private static final Logger log = LoggerFactory.getLogger(ListenerAdmission.class);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** Set while a channel holds one of this listener's slots. */
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("comet.listener.counted");

    private final String name;
    private final ListenerSettings.Limits limits;
    private final DescriptorBudget descriptors;
    private final byte[] refusal;
    private final RateLimitedLog refusals;
    private final RateLimitedLog evictions;
    private final RateLimitedLog timeouts;

    private int open;
    private final Map<InetAddress, Integer> openByAddress = new HashMap<>();
    /** Connections still in their handshake, oldest first. */
    private final LinkedHashSet<Channel> handshaking = new LinkedHashSet<>();

    /**
     * @param name    the listener's section name, for the log ({@code cometql}, {@code ws}, {@code freeswitch})
     * @param refusal what a refused newcomer is sent before it is closed (ERR 1040, an HTTP 503)
     */
    public ListenerAdmission(String name, ListenerSettings.Limits limits, DescriptorBudget descriptors,
                             byte[] refusal, Clock clock) {
        this.name = name;
        this.limits = limits;
        this.descriptors = descriptors;
        this.refusal = refusal.clone();
        this.refusals = new RateLimitedLog(log, LOG_INTERVAL, clock);
        this.evictions = new RateLimitedLog(log, LOG_INTERVAL, clock);
        this.timeouts = new RateLimitedLog(log, LOG_INTERVAL, clock);
    }

    /** The outcome of {@link #admit}: admitted, or refused with a reason for the log. */
    enum Verdict {
        ADMITTED, LISTENER_FULL, ADDRESS_FULL, NO_DESCRIPTORS
    }

    /**
     * Counts {@code channel} in, closing the oldest handshake if that makes room; its handshake starts now. A closed
     * handshake's descriptor is given back only once its close completed, so while closes are in flight the
     * listener may hold a few descriptors more than its budget: the {@link DescriptorBudget#RESERVE} covers them.
     */
    Verdict admit(Channel channel) {
        InetAddress address = addressOf(channel);
        Channel evicted = null;
        Verdict verdict;
        synchronized (this) {
            verdict = checkRoom(address);
            if (verdict == Verdict.ADMITTED && handshaking.size() >= limits.maxHandshakes()
                    || verdict == Verdict.LISTENER_FULL || verdict == Verdict.NO_DESCRIPTORS) {
                evicted = takeOldestHandshake();
                if (evicted != null && verdict != Verdict.ADMITTED) {
                    // its slot, and soon its descriptor, go to the newcomer
                    verdict = checkRoom(address) == Verdict.ADDRESS_FULL ? Verdict.ADDRESS_FULL : Verdict.ADMITTED;
                }
            }
            if (verdict == Verdict.ADMITTED) {
                open++;
                openByAddress.merge(address, 1, Integer::sum);
                handshaking.add(channel);
                channel.attr(COUNTED).set(Boolean.TRUE);
                descriptors.acquire();
            }
        }
        if (evicted != null) {
            evictions.warn("{}: closed the oldest connection still in its handshake ({}) to make room",
                    name, describe(evicted));
            evicted.close();
        }
        if (verdict != Verdict.ADMITTED) {
            refusals.warn("{}: refused a connection from {}: {} ({} open, {} descriptors in use of {})", name,
                    address == null ? "?" : address.getHostAddress(), reason(verdict), openConnections(),
                    descriptors.used(), descriptors.limit());
        }
        return verdict;
    }

    private Verdict checkRoom(InetAddress address) {
        if (limits.maxConnectionsPerIp() > 0
                && openByAddress.getOrDefault(address, 0) >= limits.maxConnectionsPerIp()) {
            return Verdict.ADDRESS_FULL;
        }
        if (limits.maxConnections() > 0 && open >= limits.maxConnections()) {
            return Verdict.LISTENER_FULL;
        }
        if (!descriptors.available()) {
            return Verdict.NO_DESCRIPTORS;
        }
        return Verdict.ADMITTED;
    }

    /** Counts the oldest handshake out (the caller closes it); null when there is none. */
    private Channel takeOldestHandshake() {
        Iterator<Channel> oldest = handshaking.iterator();
        if (!oldest.hasNext()) {
            return null;
        }
        Channel channel = oldest.next();
        oldest.remove();
        countOut(channel);
        return channel;
    }

    /** The handshake of {@code channel} completed: it is no longer a candidate for eviction. */
    synchronized void handshakeCompleted(Channel channel) {
        handshaking.remove(channel);
    }

    /** An admitted {@code channel} closed: its descriptor is free; counts it out unless it was already (evicted). */
    synchronized void closed(Channel channel) {
        handshaking.remove(channel);
        countOut(channel);
        descriptors.release();
    }

    /** Gives back the slot of an admitted channel, once: eviction and close may both try. Under the lock. */
    private void countOut(Channel channel) {
        if (channel.attr(COUNTED).getAndSet(Boolean.FALSE) != Boolean.TRUE) {
            return;
        }
        open--;
        openByAddress.computeIfPresent(addressOf(channel), (a, n) -> n == 1 ? null : n - 1);
    }

    void handshakeTimedOut(Channel channel) {
        timeouts.warn("{}: closed a connection from {} that did not complete its handshake within {} s", name,
                describe(channel), limits.handshakeTimeout());
    }

    byte[] refusal() {
        return refusal;
    }

    Duration handshakeTimeout() {
        return Duration.ofSeconds(limits.handshakeTimeout());
    }

    public synchronized int openConnections() {
        return open;
    }

    public synchronized int handshakes() {
        return handshaking.size();
    }

    private static String reason(Verdict verdict) {
        return switch (verdict) {
            case LISTENER_FULL -> "max_connections reached";
            case ADDRESS_FULL -> "max_connections_per_ip reached";
            case NO_DESCRIPTORS -> "file descriptors exhausted";
            case ADMITTED -> "admitted";
        };
    }

    private static InetAddress addressOf(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static String describe(Channel channel) {
        InetAddress address = addressOf(channel);
        return address == null ? "?" : address.getHostAddress();
    }
}
