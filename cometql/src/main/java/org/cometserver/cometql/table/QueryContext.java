package org.cometserver.cometql.table;

import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.spi.CometQlBackends;

import java.util.function.Supplier;

/**
 * What a table needs while a statement runs: the tenant, the host services and the limits. Calcite calls the
 * tables' {@code scan} on the thread that iterates the result, so the engine binds the context to that thread
 * for the duration of one statement.
 *
 * @param devId       the connection's dev_id
 * @param keyRequired true for the key lookup behind a DELETE: a scan without a key value is refused (ERR 13)
 */
public record QueryContext(int devId, CometQlBackends backends, CometQlConfig config, boolean keyRequired) {
    private static final ThreadLocal<QueryContext> CURRENT = new ThreadLocal<>();

    /** Runs {@code work} with this context bound to the current thread. */
    public <T> T bind(Supplier<T> work) {
        QueryContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    public QueryContext withKeyRequired(boolean required) {
        return new QueryContext(devId, backends, config, required);
    }

    static QueryContext current() {
        QueryContext context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("CometQL table scanned outside of a statement");
        }
        return context;
    }
}
