package org.cometserver.server.e2e.browser;

import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.SqlRows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** CometQL over Connector-J to one node of a {@link ClusterNodes} cluster, for the cluster's browser tests. */
final class ClusterSql {
    private ClusterSql() {
    }

    static Connection connect(ClusterNodes.Node node) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.cometQl() + "/CometQL_v1?sslMode=DISABLED",
                "root", ClusterNodes.PASSWORD);
    }

    /** Waits until {@code query}'s rows, joined with {@code ,}, read {@code expected}. */
    static void await(Connection sql, String query, String expected) {
        Eventually.until(query + " reads " + expected, () -> rows(sql, query).equals(expected), () -> rows(sql, query));
    }

    /** The one value {@code query} reads. */
    static String single(Connection sql, String query) {
        List<String> rows = SqlRows.query(sql, query);
        if (rows.size() != 1) {
            throw new AssertionError(query + ": " + rows);
        }
        return rows.get(0);
    }

    /** How many private messages are queued for the user. */
    static int queued(Connection sql, int userId) {
        return SqlRows.query(sql, "SELECT * FROM users_messages WHERE id = " + userId).size();
    }

    private static String rows(Connection sql, String query) {
        return String.join(",", SqlRows.query(sql, query));
    }
}
