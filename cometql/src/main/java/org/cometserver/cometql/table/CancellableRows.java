package org.cometserver.cometql.table;

import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerator;

import java.util.List;

/**
 * A scan's rows for Calcite, checking the statement's {@link StatementCancel} before each: Calcite enumerates the
 * inner side of a nested-loop join once per outer row, so a cross join checks constantly.
 */
final class CancellableRows extends AbstractEnumerable<Object[]> {
    private final List<Object[]> rows;
    private final StatementCancel cancel;

    CancellableRows(List<Object[]> rows, StatementCancel cancel) {
        this.rows = rows;
        this.cancel = cancel;
    }

    @Override
    public Enumerator<Object[]> enumerator() {
        return new Enumerator<>() {
            private int index = -1;

            @Override
            public Object[] current() {
                return rows.get(index);
            }

            @Override
            public boolean moveNext() {
                cancel.check();
                return ++index < rows.size();
            }

            @Override
            public void reset() {
                index = -1;
            }

            @Override
            public void close() {
            }
        };
    }
}
