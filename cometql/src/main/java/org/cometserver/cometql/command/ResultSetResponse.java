package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.packet.BinaryResultSetRow;
import org.cometserver.cometql.protocol.packet.ColumnCount;
import org.cometserver.cometql.protocol.packet.ColumnDefinition41;
import org.cometserver.cometql.protocol.packet.EofPacket;
import org.cometserver.cometql.protocol.packet.OkPacket;
import org.cometserver.cometql.protocol.packet.ServerPacket;
import org.cometserver.cometql.protocol.packet.TextResultSetRow;
import org.cometserver.cometql.sql.ResultColumn;
import org.cometserver.cometql.sql.StatementResult;

import java.util.List;
import java.util.function.Function;

/**
 * Turns a {@link StatementResult} into packets: an OK, or column count, column definitions, EOF, rows, EOF
 * (CppComet's layout, cometql-03). Rows are checked before anything is written, so a bad result becomes one ERR
 * instead of a broken stream.
 */
public final class ResultSetResponse {
    private ResultSetResponse() {
    }

    /** For COM_QUERY: text rows. */
    public static Response text(StatementResult result) {
        return of(result, TextResultSetRow::new);
    }

    /** For COM_STMT_EXECUTE: binary rows. */
    public static Response binary(StatementResult result) {
        return of(result, BinaryResultSetRow::new);
    }

    private static Response of(StatementResult result, Function<String[], ServerPacket> rowPacket) {
        if (result instanceof StatementResult.Ok ok) {
            return Response.of(OkPacket.of(ok.affectedRows(), ok.lastInsertId(), ok.info()));
        }
        StatementResult.Rows rows = (StatementResult.Rows) result;
        List<ResultColumn> columns = rows.columns();
        boolean[] nullable = nullableColumns(columns.size(), rows.rows());
        return out -> {
            out.write(new ColumnCount(columns.size()));
            for (int i = 0; i < columns.size(); i++) {
                out.write(ColumnDefinition41.resultColumn(columns.get(i).name(), nullable[i]));
            }
            out.write(EofPacket.INSTANCE);
            for (String[] row : rows.rows()) {
                out.write(rowPacket.apply(row));
            }
            out.write(EofPacket.INSTANCE);
        };
    }

    /** Which columns hold a NULL in this result (they lose NOT_NULL); checks every row has every column. */
    private static boolean[] nullableColumns(int columnCount, List<String[]> rows) {
        boolean[] nullable = new boolean[columnCount];
        for (String[] row : rows) {
            if (row.length != columnCount) {
                throw new IllegalStateException("row of " + row.length + " values for " + columnCount + " columns");
            }
            for (int i = 0; i < columnCount; i++) {
                nullable[i] |= row[i] == null;
            }
        }
        return nullable;
    }
}
