package org.cometserver.cometql.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.QueryContext;
import org.cometserver.cometql.table.StatementCancel;
import org.cometserver.cometql.table.TableValues;

import java.math.BigDecimal;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A query planned by Calcite: the SQL text whose prepared statement the current thread's Calcite connection
 * keeps, the result columns and the parameter types. Executing binds the values (converted to the types Calcite
 * inferred) and reads the result as text, as CppComet sends every column.
 */
final class QueryPlan implements StatementPlan {
    private final CalciteConnections connections;
    private final String sql;
    private final List<ResultColumn> columns;
    private final int[] parameterTypes;
    private final boolean scans;
    private final ValueChecks checks;
    private final String table;

    private QueryPlan(CalciteConnections connections, String sql, List<ResultColumn> columns, int[] parameterTypes,
                      boolean scans, ValueChecks checks, String table) {
        this.connections = connections;
        this.sql = sql;
        this.columns = columns;
        this.parameterTypes = parameterTypes;
        this.scans = scans;
        this.checks = checks;
        this.table = table;
    }

    /**
     * Prepares {@code sql} on the current thread's connection. {@code sourceOf} gives the statement's original
     * text at a parser position, for labels of unnamed expressions ({@code COUNT(*)}, not {@code EXPR$0});
     * {@code scans}: see {@link StatementPlanner#scans}; {@code checks} run on every execution's values;
     * {@code table}: see {@link StatementPlan#table}.
     */
    static QueryPlan compile(CalciteConnections connections, String sql, Function<SqlParserPos, String> sourceOf,
                             boolean scans, ValueChecks checks, String table) {
        try {
            PreparedStatement statement = connections.statement(sql);
            ResultSetMetaData metaData = statement.getMetaData();
            List<SqlNode> items = selectItems(sql);
            List<ResultColumn> columns = new ArrayList<>(metaData.getColumnCount());
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                String label = metaData.getColumnLabel(i);
                if (label.startsWith("EXPR$") && items != null && items.size() == metaData.getColumnCount()) {
                    label = label(items.get(i - 1), sourceOf);
                }
                columns.add(new ResultColumn(label, metaData.getTableName(i) == null ? "" : metaData.getTableName(i)));
            }
            ParameterMetaData parameters = statement.getParameterMetaData();
            int[] types = new int[parameters.getParameterCount()];
            for (int i = 0; i < types.length; i++) {
                types[i] = parameters.getParameterType(i + 1);
            }
            return new QueryPlan(connections, sql, List.copyOf(columns), types, scans, checks, table);
        } catch (SQLException | RuntimeException e) {
            throw translate(e);
        }
    }

    /** The select list when it has no {@code *} (so items and columns correspond), else null. */
    private static List<SqlNode> selectItems(String sql) {
        SqlNode node = SqlParsing.parse(sql);
        if (node instanceof SqlOrderBy orderBy) {
            node = orderBy.query;
        }
        if (!(node instanceof SqlSelect select)) {
            return null;
        }
        SqlNodeList list = select.getSelectList();
        for (SqlNode item : list) {
            if (item instanceof SqlIdentifier identifier && identifier.isStar()) {
                return null;
            }
        }
        return list.getList();
    }

    /** MySQL's label of an unnamed select item: a string literal's value, else the expression as written. */
    private static String label(SqlNode item, Function<SqlParserPos, String> sourceOf) {
        if (item instanceof SqlCharStringLiteral literal) {
            return literal.getValueAs(String.class);
        }
        return sourceOf.apply(span(item));
    }

    private static SqlParserPos span(SqlNode node) {
        SqlParserPos pos = node.getParserPosition();
        if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                if (operand != null && operand.getParserPosition() != SqlParserPos.ZERO) {
                    pos = pos.plus(span(operand));
                }
            }
        }
        return pos;
    }

    @Override
    public StatementResult execute(QueryContext context, List<Object> values) {
        return new StatementResult.Rows(columns, fetch(context, values, true));
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public boolean scans() {
        return scans;
    }

    /** Runs the query; rows hold text ({@code asText}) or the Java values of the columns. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> List<T[]> fetch(QueryContext context, List<Object> values, boolean asText) {
        int limit = context.config().maxResultRows();
        int maxPacketSize = context.config().maxPacketSize();
        checks.check(values, maxPacketSize);
        StatementCancel cancel = StatementCancel.currentOrNone();
        return context.bind(() -> {
            try {
                PreparedStatement statement = connections.statement(sql);
                for (int i = 0; i < parameterTypes.length; i++) {
                    statement.setObject(i + 1, bindValue(values.get(i), parameterTypes[i]));
                }
                List rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    int count = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        cancel.check();
                        if (rows.size() == limit) {
                            throw CometTable.tooManyRows(limit);
                        }
                        Object[] row = asText ? new String[count] : new Object[count];
                        long rowLength = 0;
                        for (int c = 0; c < count; c++) {
                            row[c] = asText ? result.getString(c + 1) : result.getObject(c + 1);
                            rowLength += row[c] instanceof String text ? text.length() : 0;
                        }
                        if (rowLength > maxPacketSize) {
                            throw CometQlErrors.packetOverflowed("a row", maxPacketSize);
                        }
                        rows.add(row);
                    }
                }
                return rows;
            } catch (SQLException | RuntimeException | LinkageError e) {
                if (!(e instanceof CometQlException)) {
                    // generated code that failed (e.g. a class initializer that divided by zero) stays broken
                    connections.forget(sql);
                }
                throw translate(e);
            }
        });
    }

    /** {@code value} as Calcite binds it to a parameter of {@code sqlType} (java.sql.Types); ERR for a bad number. */
    static Object bindValue(Object value, int sqlType) {
        if (value == null) {
            return null;
        }
        try {
            return convert(value, sqlType);
        } catch (NumberFormatException e) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "Incorrect number '" + TableValues.toText(value) + "'");
        }
    }

    private static Object convert(Object value, int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT -> TableValues.coerce(value, SqlTypeName.BIGINT, "?");
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> TableValues.coerce(value, SqlTypeName.INTEGER, "?");
            case Types.DECIMAL, Types.NUMERIC -> value instanceof Number n ? new BigDecimal(n.toString())
                    : new BigDecimal(TableValues.toText(value).trim());
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> value instanceof Number n ? n.doubleValue()
                    : Double.parseDouble(TableValues.toText(value).trim());
            case Types.CHAR, Types.VARCHAR -> TableValues.toText(value);
            default -> value;
        };
    }

    private static RuntimeException translate(Throwable e) {
        RuntimeException translated = CalciteErrors.translate(e);
        if (translated == null) {
            translated = CometQlErrors.ofStatementFailure(e);
        }
        if (translated != null) {
            return translated;
        }
        return CometQlErrors.internal("Calcite failed: " + e.getMessage(), e);
    }
}
