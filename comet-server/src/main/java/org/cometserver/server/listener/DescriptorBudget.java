package org.cometserver.server.listener;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file descriptors every listener's connections share: the process limit, less what is open at start and a
 * reserve for what the server opens later on its own (store files and connections, FreeSWITCH event sockets, log
 * files). A listener that would go beyond it refuses the newcomer instead, so a flood of connections can never
 * leave the server without a descriptor for its store, or make the acceptor spin on {@code EMFILE}.
 */
public final class DescriptorBudget {
    /** Descriptors kept for the server's own use once it runs. */
    public static final int RESERVE = 256;

    private final int limit;
    private final AtomicInteger used = new AtomicInteger();

    public DescriptorBudget(int limit) {
        this.limit = limit;
    }

    /** The budget of this process: {@code RLIMIT_NOFILE} − open now − {@link #RESERVE}. */
    public static DescriptorBudget ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            long open = unix.getOpenFileDescriptorCount();
            return new DescriptorBudget((int) Math.max(0, Math.min(Integer.MAX_VALUE, max - open - RESERVE)));
        }
        return new DescriptorBudget(Integer.MAX_VALUE);
    }

    public int limit() {
        return limit;
    }

    /** Whether a descriptor is left for one more connection. */
    boolean available() {
        return used.get() < limit;
    }

    /** Counts one more descriptor held by a connection (possibly beyond the limit: see its caller). */
    void acquire() {
        used.incrementAndGet();
    }

    void release() {
        used.decrementAndGet();
    }

    /** Descriptors held by connections now. */
    public int used() {
        return used.get();
    }
}
