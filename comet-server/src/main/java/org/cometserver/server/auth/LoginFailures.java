package org.cometserver.server.auth;

import org.cometserver.server.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per source address, shared by CometQL and the browser listener: after {@code maxFailures} failures
 * within {@code window}, the address is refused for {@code blockTime} (MySQL's {@code max_connect_errors}, but with
 * expiry and per address only, so other addresses are never slowed). Failures are logged rate-limited with their
 * address. At most {@link #MAX_TRACKED_ADDRESSES} addresses are tracked: a flood from more addresses than that
 * purges expired entries first, then stops tracking new ones rather than growing without bound.
 */
public final class LoginFailures implements LoginThrottle {
    private static final Logger log = LoggerFactory.getLogger(LoginFailures.class);
    static final int MAX_TRACKED_ADDRESSES = 100_000;
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final int maxFailures;
    private final long windowMillis;
    private final long blockMillis;
    private final Clock clock;
    private final ConcurrentHashMap<InetAddress, Failures> byAddress = new ConcurrentHashMap<>();
    private final RateLimitedLog failureLog;
    private final RateLimitedLog blockLog;

    /** Per address: failures counted since {@code windowStart}; refused until {@code blockedUntil}. */
    private static final class Failures {
        long windowStart;
        int count;
        long blockedUntil;
    }

    /**
     * @param maxFailures failures within {@code window} that block an address; 0 turns blocking off (failures are
     *                    still logged)
     */
    public LoginFailures(int maxFailures, Duration window, Duration blockTime, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.blockMillis = blockTime.toMillis();
        this.clock = clock;
        this.failureLog = new RateLimitedLog(log, LOG_INTERVAL, clock);
        this.blockLog = new RateLimitedLog(log, LOG_INTERVAL, clock);
    }

    @Override
    public Duration blockedFor(InetAddress address) {
        Failures failures = byAddress.get(address);
        if (failures == null) {
            return Duration.ZERO;
        }
        long left;
        synchronized (failures) {
            left = failures.blockedUntil - clock.millis();
        }
        return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
    }

    @Override
    public void failed(InetAddress address, String listener, String login) {
        failureLog.warn("failed {} login from {} as '{}'", listener, address.getHostAddress(), login);
        if (maxFailures == 0) {
            return;
        }
        Failures failures = byAddress.get(address);
        if (failures == null) {
            if (byAddress.size() >= MAX_TRACKED_ADDRESSES && purgeExpired() == 0) {
                return;
            }
            failures = byAddress.computeIfAbsent(address, a -> new Failures());
        }
        long now = clock.millis();
        synchronized (failures) {
            if (now - failures.windowStart > windowMillis) {
                failures.windowStart = now;
                failures.count = 0;
            }
            if (++failures.count >= maxFailures && failures.blockedUntil <= now) {
                failures.blockedUntil = now + blockMillis;
                failures.count = 0;
                failures.windowStart = now;
                blockLog.warn("logins from {} refused for {} s after {} failures within {} s", address.getHostAddress(),
                        blockMillis / 1000, maxFailures, windowMillis / 1000);
            }
        }
    }

    @Override
    public void succeeded(InetAddress address) {
        Failures failures = byAddress.get(address);
        if (failures != null) {
            synchronized (failures) {
                if (failures.blockedUntil <= clock.millis()) {
                    byAddress.remove(address, failures);
                }
            }
        }
    }

    /** Addresses currently tracked (tests). */
    int trackedAddresses() {
        return byAddress.size();
    }

    private int purgeExpired() {
        long now = clock.millis();
        int before = byAddress.size();
        byAddress.values().removeIf(f -> {
            synchronized (f) {
                return f.blockedUntil <= now && now - f.windowStart > windowMillis;
            }
        });
        return before - byAddress.size();
    }
}
