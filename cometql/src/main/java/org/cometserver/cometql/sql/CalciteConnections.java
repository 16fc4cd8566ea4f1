package org.cometserver.cometql.sql;

import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.util.Holder;
import org.cometserver.cometql.schema.CometSchema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Calcite JDBC connections over {@link CometSchema}, one per thread (Calcite's JDBC objects are not thread-safe),
 * each with an LRU of prepared statements keyed by SQL text: preparing costs milliseconds, re-executing microseconds.
 * Threads are the engine's bounded executor's, so the number of connections is bounded too.
 */
final class CalciteConnections {
    static {
        // IN lists become ORs of equalities however long, so the tables see every key value; above the default
        // threshold (20) Calcite would join with a VALUES relation and the key lookup would become a scan.
        Hook.SQL2REL_CONVERTER_CONFIG_BUILDER.add((Consumer<Holder<SqlToRelConverter.Config>>) holder ->
                holder.set(holder.get().withInSubQueryThreshold(Integer.MAX_VALUE)));
    }

    private final CometSchema schema;
    private final int statementsPerThread;
    private final ThreadLocal<ThreadConnection> perThread = ThreadLocal.withInitial(this::open);

    CalciteConnections(CometSchema schema, int statementsPerThread) {
        this.schema = schema;
        this.statementsPerThread = statementsPerThread;
    }

    /** The current thread's prepared statement for {@code sql}, prepared on first use. */
    PreparedStatement statement(String sql) throws SQLException {
        ThreadConnection thread = perThread.get();
        PreparedStatement statement = thread.statements.get(sql);
        if (statement == null) {
            statement = thread.connection.prepareStatement(sql);
            thread.statements.put(sql, statement);
        }
        return statement;
    }

    /** Drops the current thread's prepared statement for {@code sql}: it is prepared again on next use. */
    void forget(String sql) {
        PreparedStatement statement = perThread.get().statements.remove(sql);
        if (statement != null) {
            ThreadConnection.closeQuietly(statement);
        }
    }

    private ThreadConnection open() {
        Properties properties = new Properties();
        properties.setProperty("lex", "MYSQL");
        properties.setProperty("conformance", "MYSQL_5");
        properties.setProperty("fun", "mysql");
        try {
            Connection connection = DriverManager.getConnection("jdbc:calcite:", properties);
            CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
            calcite.getRootSchema().add(CometSchema.DATABASE, schema);
            calcite.setSchema(CometSchema.DATABASE);
            return new ThreadConnection(connection, statementsPerThread);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the in-process Calcite connection", e);
        }
    }

    private static final class ThreadConnection {
        final Connection connection;
        final Map<String, PreparedStatement> statements;

        ThreadConnection(Connection connection, int capacity) {
            this.connection = connection;
            this.statements = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= capacity) {
                        return false;
                    }
                    closeQuietly(eldest.getValue());
                    return true;
                }
            };
        }

        private static void closeQuietly(PreparedStatement statement) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // An evicted statement holds no resources worth reporting about.
            }
        }
    }
}
