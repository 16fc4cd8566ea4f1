package org.cometserver.cometql.sql;

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

    public void currentStatement(String statement) {
        this.currentStatement = statement == null ? "" : statement;
    }
}
