package org.cometserver.server.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** JDBC statements for tests that compare whole result sets: each row as {@code a|b|c}. */
public final class SqlRows {
    private SqlRows() {
    }

    /** The rows of {@code statement}, each as its values joined with {@code |}. */
    public static List<String> query(Connection sql, String statement) {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(statement)) {
            List<String> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    /** The rows {@code statement} affected. */
    public static int update(Connection sql, String statement) throws SQLException {
        try (Statement s = sql.createStatement()) {
            return s.executeUpdate(statement);
        }
    }
}
