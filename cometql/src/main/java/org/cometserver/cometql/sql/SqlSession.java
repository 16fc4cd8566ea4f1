package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.StatementTimings;
import org.cometserver.cometql.table.StatementCancel;

import java.net.SocketAddress;

/**
 * Per-connection state that statements read and change: the tenant ({@code dev_id}) and the selected database.
 * Created by the protocol layer after a successful login; changed by {@code USE}/COM_INIT_DB ({@code db_N}
 * switches dev_id, as in CppComet) and by the cluster prefix {@code cometqlcluster_v1 set dev_id=N;}.
 * A connection runs one statement at a time, so plain fields suffice; volatile because the statement may run
 * on an executor thread other than the one that read the previous packet.
 */
public final class SqlSession {
    private final long connectionId;
    private final String user;
    private final SocketAddress remoteAddress;
    private final long connectedAtMillis = System.currentTimeMillis();
    private volatile int devId;
    private volatile String database;
    private volatile boolean clusterOrigin;
    private volatile String currentStatement = "";
    private volatile long statementStartedMillis = connectedAtMillis;
    /** {@code SET max_execution_time}, milliseconds; -1: the server's {@code [cometql] max_execution_time}. */
    private volatile long maxExecutionTime = -1;
    /** The cancel of the running statement, null when none runs. */
    private volatile StatementCancel running;
    /**
     * The table of the running statement for metrics ({@link StatementTimings}). Plain:
     * written by the thread running the statement before it completes the statement's future (or before handing
     * the work to the executor), read after that completion, so the future orders write and read.
     */
    private String statementTable = StatementTimings.OTHER_TABLE;
    /** Closes the connection ({@code KILL CONNECTION}); set by the protocol layer. */
    private volatile Runnable disconnect = () -> { };

    public SqlSession(long connectionId, String user, int devId, SocketAddress remoteAddress) {
        this.connectionId = connectionId;
        this.user = user;
        this.devId = devId;
        this.remoteAddress = remoteAddress;
    }

    public long connectionId() {
        return connectionId;
    }

    public String user() {
        return user;
    }

    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    public long connectedAtMillis() {
        return connectedAtMillis;
    }

    public int devId() {
        return devId;
    }

    public void devId(int devId) {
        this.devId = devId;
    }

    /** The selected database, or {@code null} when none was selected. */
    public String database() {
        return database;
    }

    public void database(String database) {
        this.database = database;
    }

    public boolean clusterOrigin() {
        return clusterOrigin;
    }

    public void clusterOrigin(boolean clusterOrigin) {
        this.clusterOrigin = clusterOrigin;
    }

    /** The statement being run now (for SHOW PROCESSLIST), empty when idle. */
    public String currentStatement() {
        return currentStatement;
    }

    /** When the current statement started, or the previous one ended (MySQL's processlist {@code Time}). */
    public long statementStartedMillis() {
        return statementStartedMillis;
    }

    /** A statement starts: from now on {@code KILL QUERY} and disconnect reach it through {@code cancel}. */
    void statementStarted(String statement, StatementCancel cancel) {
        this.running = cancel;
        this.statementTable = StatementTimings.OTHER_TABLE;
        this.currentStatement = statement;
        this.statementStartedMillis = System.currentTimeMillis();
    }

    void statementEnded() {
        this.running = null;
        this.currentStatement = "";
        this.statementStartedMillis = System.currentTimeMillis();
    }

    /** Known once the statement's plan is found: see {@link StatementPlan#table}. */
    void statementTable(String table) {
        this.statementTable = table;
    }

    String statementTable() {
        return statementTable;
    }

    public long maxExecutionTime() {
        return maxExecutionTime;
    }

    public void maxExecutionTime(long millis) {
        this.maxExecutionTime = millis;
    }

    /** The cancel of the running statement, null when none runs. */
    StatementCancel running() {
        return running;
    }

    /** Stops the running statement, if any ({@code KILL QUERY}, disconnect). */
    public void cancelStatement(CometQlException why) {
        StatementCancel cancel = running;
        if (cancel != null) {
            cancel.cancel(why);
        }
    }

    public void onDisconnect(Runnable disconnect) {
        this.disconnect = disconnect;
    }

    /** {@code KILL CONNECTION}: stops the running statement and closes the connection. */
    public void kill(CometQlException why) {
        cancelStatement(why);
        disconnect.run();
    }
}
