package org.cometserver.cometql.table;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the CometQL virtual tables: the columns, the key columns a lookup may use, and the scan Calcite calls.
 * A scan with a key filter ({@code key = ?}, {@code key IN (…)}) becomes a lookup through the host's spi; a scan
 * without one reads the {@code all…} methods, bounded by {@code maxResultRows} (an improvement: CppComet refused
 * keyless SELECTs with ERR 13, which DELETE still does).
 * Rows are {@code Object[]} in column order: {@code Long} for BIGINT, {@code Integer} for INTEGER, else {@code String}.
 */
public abstract class CometTable extends AbstractTable implements ProjectableFilterableTable {
    static final String KEY_REQUIRED_MESSAGE =
            "Selection without transferring the requested values of the primary key is not supported";

    private final String name;
    private final List<TableColumn> columns;
    private final int[] keyColumns;

    /** Creates a table; {@code keyColumns} are the columns a lookup may use, most specific first. */
    protected CometTable(String name, List<TableColumn> columns, String... keyColumns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.keyColumns = new int[keyColumns.length];
        for (int i = 0; i < keyColumns.length; i++) {
            this.keyColumns[i] = columnIndex(keyColumns[i]);
        }
    }

    public String name() {
        return name;
    }

    public List<TableColumn> columns() {
        return columns;
    }

    /**
     * The columns INSERT may name: the table's, then for some tables insert-only ones that SELECT does not show
     * (users_auth's {@code ttl} and {@code room}). {@link #insert} gets rows in this order.
     */
    public List<TableColumn> insertColumns() {
        return columns;
    }

    /** Index of a column in {@link #insertColumns()}, matched case-insensitively; -1 when unknown. */
    public int insertColumnIndex(String column) {
        List<TableColumn> insertable = insertColumns();
        for (int i = 0; i < insertable.size(); i++) {
            if (insertable.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of a column, matched case-insensitively as MySQL does; -1 when unknown. */
    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    public boolean isKeyColumn(int index) {
        for (int key : keyColumns) {
            if (key == index) {
                return true;
            }
        }
        return false;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (TableColumn column : columns) {
            builder.add(column.name(), typeFactory.createTypeWithNullability(
                    typeFactory.createSqlType(column.type()), true));
        }
        return builder.build();
    }

    /**
     * Rows with the filters Calcite pushes down applied here (a key lookup, then {@link RowFilter}) and the projection
     * too: what Calcite's interpreter would do instead it compiles with Janino on every execution.
     */
    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        List<Object[]> rows = rows(root, filters);
        if (projects == null) {
            return enumerable(rows);
        }
        List<Object[]> projected = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] out = new Object[projects.length];
            for (int i = 0; i < projects.length; i++) {
                out[i] = row[projects[i]];
            }
            projected.add(out);
        }
        return enumerable(projected);
    }

    /** The rows as Calcite reads them: checking the statement's cancel on every row when there is one. */
    private static Enumerable<Object[]> enumerable(List<Object[]> rows) {
        StatementCancel cancel = StatementCancel.current();
        return cancel == null ? Linq4j.asEnumerable(rows) : new CancellableRows(rows, cancel);
    }

    private List<Object[]> rows(DataContext root, List<RexNode> filters) {
        QueryContext context = QueryContext.current();
        for (int key : keyColumns) {
            List<Object> values = KeyFilter.take(filters, key, root);
            if (values != null) {
                return RowFilter.apply(filters, lookup(context, key, values), root);
            }
        }
        if (context.keyRequired()) {
            throw new CometQlException(CometQlErrors.KEY_REQUIRED, KEY_REQUIRED_MESSAGE);
        }
        int limit = context.config().maxResultRows();
        List<Object[]> rows = scanAll(context, limit + 1);
        if (rows.size() > limit) {
            throw tooManyRows(limit);
        }
        return RowFilter.apply(filters, rows, root);
    }

    /**
     * Whether {@link #lookup} only calls spi methods documented as non-blocking (it reads the host's memory), so that
     * a point read ({@link #pointRead}) may run on a Netty event loop. False by default.
     */
    public boolean readsInline() {
        return false;
    }

    /**
     * The rows whose column {@code columns[i]} equals {@code values[i]} for every i (values already converted to the
     * columns' types; a null value matches nothing, as {@code = NULL} in SQL), without Calcite: a lookup on the first
     * key column named, the other conditions compared as {@link RowFilter} compares them. Returns null when no
     * condition is on a key column (the caller then plans the statement with Calcite).
     */
    public List<Object[]> pointRead(QueryContext context, int[] columns, Object[] values) {
        for (int key : keyColumns) {
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] == key) {
                    return values[i] == null ? List.of() : matching(lookup(context, key, List.of(values[i])), columns,
                            values);
                }
            }
        }
        return null;
    }

    private static List<Object[]> matching(List<Object[]> rows, int[] columns, Object[] values) {
        List<Object[]> kept = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            boolean all = true;
            for (int i = 0; i < columns.length && all; i++) {
                all = RowFilter.equal(row[columns[i]], values[i]);
            }
            if (all) {
                kept.add(row);
            }
        }
        return kept;
    }

    public static CometQlException tooManyRows(int limit) {
        return new CometQlException(CometQlErrors.ER_RESULT_TOO_LARGE,
                "The result has more than " + limit + " rows; narrow the WHERE clause or add a LIMIT");
    }

    /** Rows whose key column {@code keyColumn} holds one of {@code values} (raw, not yet converted). */
    protected abstract List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values);

    /** Every row of the tenant, at most {@code limit}. */
    protected abstract List<Object[]> scanAll(QueryContext context, int limit);

    public boolean insertable() {
        return false;
    }

    public boolean deletable() {
        return false;
    }

    /** The error for INSERT/DELETE on a table that does not take it. */
    public CometQlException readOnlyError() {
        return CometQlErrors.readOnly(name);
    }

    /**
     * Inserts one row (values in {@link #insertColumns()} order, converted to the column types, null where not given).
     * Called on the CometQL executor unless {@link #insertsInline} said otherwise.
     */
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        throw readOnlyError();
    }

    /** Whether inserting this row only calls spi methods documented as non-blocking. */
    public boolean insertsInline(QueryContext context, Object[] row) {
        return false;
    }

    /** The columns a DELETE selects (with its WHERE) to learn what to delete. */
    public List<String> deleteKeyColumns() {
        return List.of(columns.get(keyColumns[0]).name());
    }

    /**
     * Deletes the rows identified by {@code keyRows} (values of {@link #deleteKeyColumns()}, as selected);
     * {@code whereColumns} are the lower-case columns the DELETE's WHERE names. Returns the rows removed.
     */
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        throw readOnlyError();
    }

    /** Lower-case names of the columns an UPDATE may set; empty: the table refuses UPDATE. */
    public List<String> updatableColumns() {
        return List.of();
    }

    /**
     * Applies {@code assignments} (lower-case column → value as written) to the rows identified by {@code keyRows}
     * (values of {@link #deleteKeyColumns()}, as selected). Returns the rows changed.
     */
    public long update(QueryContext context, List<Object[]> keyRows, Map<String, Object> assignments) {
        throw readOnlyError();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
