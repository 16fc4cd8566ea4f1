package org.cometserver.cometql.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded LRU of compiled statements keyed by digest text; thread-safe. */
final class PlanCache {
    private final Map<String, StatementPlan> plans;

    PlanCache(int capacity) {
        this.plans = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StatementPlan> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized StatementPlan get(String digest) {
        return plans.get(digest);
    }

    synchronized void put(String digest, StatementPlan plan) {
        plans.put(digest, plan);
    }

    synchronized int size() {
        return plans.size();
    }
}
