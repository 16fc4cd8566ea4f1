package org.cometserver.cometql.session;

import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.sql.PreparedQuery;
import org.cometserver.cometql.sql.QueryEngine;
import org.cometserver.cometql.sql.SqlSession;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-connection state of the protocol layer: the engine's {@link SqlSession} once logged in, whether the login
 * was authenticated, and the prepared statements by id. Commands of one connection run one at a time and are
 * handed between threads through the event loop's task queue, so plain fields are safe.
 */
public final class MysqlSession {
    /** Open prepared statements per connection (MySQL's max_prepared_stmt_count is per server; ours per link). */
    static final int MAX_PREPARED_STATEMENTS = 1024;
    /** MySQL ER_MAX_PREPARED_STMT_COUNT_REACHED. */
    private static final int ER_MAX_PREPARED_STMT_COUNT_REACHED = 1461;

    private final long connectionId;
    private final CometQlConfig config;
    private final QueryEngine engine;
    private final ConnectionCounters counters;
    private final Map<Integer, PreparedStatement> statements = new HashMap<>();
    private int lastStatementId;
    private SqlSession sqlSession;
    private boolean authenticated;

    MysqlSession(long connectionId, CometQlConfig config, QueryEngine engine, ConnectionCounters counters) {
        this.connectionId = connectionId;
        this.config = config;
        this.engine = engine;
        this.counters = counters;
    }

    public long connectionId() {
        return connectionId;
    }

    public CometQlConfig config() {
        return config;
    }

    public QueryEngine engine() {
        return engine;
    }

    public ConnectionCounters counters() {
        return counters;
    }

    /** The engine's session; {@code null} until the login succeeded. */
    public SqlSession sqlSession() {
        return sqlSession;
    }

    /**
     * False for CppComet's health-check logins ({@code haproxy_check…} without password): they get an OK but
     * every statement is refused.
     */
    public boolean authenticated() {
        return authenticated;
    }

    void loggedIn(SqlSession session, boolean authenticated) {
        this.sqlSession = session;
        this.authenticated = authenticated;
    }

    public PreparedStatement register(PreparedQuery query) {
        if (statements.size() >= MAX_PREPARED_STATEMENTS) {
            throw new CometQlException(ER_MAX_PREPARED_STMT_COUNT_REACHED, "42000", "Can't create more than " + MAX_PREPARED_STATEMENTS
                    + " prepared statements on one connection", null);
        }
        do {
            lastStatementId = lastStatementId == Integer.MAX_VALUE ? 1 : lastStatementId + 1;
        } while (statements.containsKey(lastStatementId));
        PreparedStatement statement = new PreparedStatement(lastStatementId, query, config.maxPacketSize());
        statements.put(statement.id(), statement);
        return statement;
    }

    /** The statement with this id; ERR 1243 when there is none. */
    public PreparedStatement statement(long id, String command) {
        PreparedStatement statement = id > Integer.MAX_VALUE ? null : statements.get((int) id);
        if (statement == null) {
            throw new CometQlException(CometQlErrors.ER_UNKNOWN_STMT_HANDLER, "HY000",
                    "Unknown prepared statement handler (" + id + ") given to " + command, null);
        }
        return statement;
    }

    /** The statement with this id, or {@code null}: for commands that have no reply to carry an error. */
    public PreparedStatement statementOrNull(long id) {
        return id > Integer.MAX_VALUE ? null : statements.get((int) id);
    }

    public void closeStatement(long id) {
        if (id <= Integer.MAX_VALUE) {
            statements.remove((int) id);
        }
    }

    public void closeAllStatements() {
        statements.clear();
    }
}
