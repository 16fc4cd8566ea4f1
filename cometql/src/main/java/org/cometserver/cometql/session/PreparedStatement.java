package org.cometserver.cometql.session;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.sql.PreparedQuery;

import java.io.ByteArrayOutputStream;

/**
 * A statement prepared on one connection: the engine's plan, the parameter types the client bound last
 * (an execute may omit them) and data sent with COM_STMT_SEND_LONG_DATA for the next execute.
 */
public final class PreparedStatement {
    private final int id;
    private final PreparedQuery query;
    private final int maxLongDataBytes;
    private int[] boundTypes;
    private ByteArrayOutputStream[] longData;
    private long longDataBytes;
    private boolean longDataOverflow;

    PreparedStatement(int id, PreparedQuery query, int maxLongDataBytes) {
        this.id = id;
        this.query = query;
        this.maxLongDataBytes = maxLongDataBytes;
    }

    public int id() {
        return id;
    }

    public PreparedQuery query() {
        return query;
    }

    public int parameterCount() {
        return query.parameterCount();
    }

    /** Types from the last execute that sent them, {@code null} before the first. */
    public int[] boundTypes() {
        return boundTypes;
    }

    public void boundTypes(int[] types) {
        this.boundTypes = types;
    }

    /**
     * Appends a chunk to a parameter. COM_STMT_SEND_LONG_DATA has no reply, so a chunk over the limit or for an
     * unknown parameter is remembered and reported by the next execute, as MySQL does.
     */
    public void appendLongData(int parameterId, byte[] chunk) {
        if (parameterId >= parameterCount() || longDataBytes + chunk.length > maxLongDataBytes) {
            longDataOverflow = true;
            return;
        }
        if (longData == null) {
            longData = new ByteArrayOutputStream[parameterCount()];
        }
        if (longData[parameterId] == null) {
            longData[parameterId] = new ByteArrayOutputStream();
        }
        longData[parameterId].writeBytes(chunk);
        longDataBytes += chunk.length;
    }

    /** Per parameter, the long data collected since the last execute or reset ({@code null} entries: none). */
    public byte[][] takeLongData() {
        if (longDataOverflow) {
            resetLongData();
            throw new CometQlException(CometQlErrors.ER_NET_PACKET_TOO_LARGE, "08S01",
                    "Parameter data sent with COM_STMT_SEND_LONG_DATA is invalid or longer than "
                            + maxLongDataBytes + " bytes", null);
        }
        byte[][] values = new byte[parameterCount()][];
        if (longData != null) {
            for (int i = 0; i < values.length; i++) {
                values[i] = longData[i] == null ? null : longData[i].toByteArray();
            }
        }
        resetLongData();
        return values;
    }

    public void resetLongData() {
        longData = null;
        longDataBytes = 0;
        longDataOverflow = false;
    }
}
