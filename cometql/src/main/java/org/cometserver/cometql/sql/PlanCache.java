package org.cometserver.cometql.sql;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded cache of compiled statements keyed by digest text; thread-safe. A hit is a lock-free read (every event
 * loop looks up every statement here, so no shared lock or access-order list is written on a hit). Eviction is
 * second-chance ("clock"): a full cache drops a plan not used since the last sweep, keeping the hot ones.
 */
final class PlanCache {
    private static final class Entry {
        final StatementPlan plan;
        /** Set by a hit (and when cached), cleared by an eviction sweep; written only when it changes. */
        volatile boolean used = true;

        Entry(StatementPlan plan) {
            this.plan = plan;
        }
    }

    private final ConcurrentHashMap<String, Entry> plans = new ConcurrentHashMap<>();
    private final int capacity;

    PlanCache(int capacity) {
        this.capacity = capacity;
    }

    StatementPlan get(String digest) {
        Entry entry = plans.get(digest);
        if (entry == null) {
            return null;
        }
        if (!entry.used) {
            entry.used = true;
        }
        return entry.plan;
    }

    /** Caches {@code plan}; planning is slow (milliseconds), so a sweep over the cache here costs nothing extra. */
    synchronized void put(String digest, StatementPlan plan) {
        if (capacity <= 0) {
            return;
        }
        if (!plans.containsKey(digest)) {
            while (plans.size() >= capacity) {
                evictOne();
            }
        }
        plans.put(digest, new Entry(plan));
    }

    int size() {
        return plans.size();
    }

    /** Removes the first plan not used since the previous sweep, clearing the marks it passes. */
    private void evictOne() {
        for (int pass = 0; pass < 2; pass++) {
            Iterator<Entry> it = plans.values().iterator();
            while (it.hasNext()) {
                Entry entry = it.next();
                if (!entry.used) {
                    it.remove();
                    return;
                }
                entry.used = false;
            }
        }
        // every plan was used again during both passes: drop any
        Iterator<Entry> it = plans.values().iterator();
        if (it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
