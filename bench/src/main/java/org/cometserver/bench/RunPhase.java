package org.cometserver.bench;

/** The phases every load worker follows together; the coordinator flips them, workers only read. */
enum RunPhase {
    /** Queries run but are not counted, so the JIT and the server's caches settle first. */
    WARM_UP,
    /** Queries are counted and their latency sampled. */
    MEASURE,
    /** Workers finish their in-flight round and leave. */
    STOP
}
