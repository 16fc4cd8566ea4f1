package org.cometserver.server.wiring;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Messages published and sent, per dev_id and in total, for {@code SHOW STATUS} and {@code /metrics}. */
public final class MessageCounters {
    private final ConcurrentHashMap<Integer, LongAdder> perDev = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void count(int devId) {
        perDev.computeIfAbsent(devId, d -> new LongAdder()).increment();
        total.increment();
    }

    long of(int devId) {
        LongAdder adder = perDev.get(devId);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        return total.sum();
    }
}
