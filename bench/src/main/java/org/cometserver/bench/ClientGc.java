package org.cometserver.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** The load client's own collections, so a phase's latency can be told apart from a pause of the measuring JVM. */
final class ClientGc {
    /** Collections and their summed time (ms) as the JVM counts them. */
    record Pauses(long count, long millis) {
        Pauses since(Pauses before) {
            return new Pauses(count - before.count, millis - before.millis);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d in %d", count, millis);
        }
    }

    private ClientGc() {
    }

    static Pauses now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new Pauses(count, millis);
    }
}
