package org.cometserver.server.calls;

/**
 * One connection's token bucket for {@code call_signal} ({@code [calls] signals_per_second}, {@code signal_burst}):
 * full at first, refilled continuously. Used by the connection's event loop only, so not thread-safe.
 */
public final class SignalRate {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public SignalRate(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a token when there is one; false when the connection signals faster than allowed. */
    public boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
