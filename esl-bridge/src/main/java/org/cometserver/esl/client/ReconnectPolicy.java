package org.cometserver.esl.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delay before reconnect attempt {@code n} (0-based): {@code min(max, initial * multiplier^n)}, then "full jitter" on the
 * upper {@code jitter} fraction, so nodes and bridges that dropped together (a FreeSWITCH restart) do not reconnect in step.
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.5);

    public ReconnectPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay: " + initialDelay + " (expected: > 0)");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay: " + maxDelay + " (expected: >= initialDelay " + initialDelay + ")");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier: " + multiplier + " (expected: >= 1)");
        }
        if (jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0..1)");
        }
    }

    public Duration delay(int attempt, RandomGenerator random) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.min(attempt, 62));
        double capped = Math.min(base, maxDelay.toMillis());
        double withJitter = capped * (1.0 - jitter) + capped * jitter * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(withJitter)));
    }
}
