package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.ColumnType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">COM_STMT_EXECUTE</a>
 * after its command byte and statement id (read first with {@link PacketPayload#readInt4()} so the statement can
 * be looked up). Values are decoded to {@code null}, {@link Long}, {@link Double}, {@link BigDecimal},
 * {@link String} (text, decimals as text, dates and times as MySQL literals) or {@code byte[]} (blobs).
 *
 * @param parameterTypes the types used, to be remembered for an execute that does not send them again
 */
public record ComStmtExecute(int flags, int[] parameterTypes, List<Object> parameters) {

    /**
     * Reads flags, iteration count and parameters.
     *
     * @param previousTypes types bound by an earlier execute of this statement, {@code null} if none
     * @param longData      per parameter, bytes sent with COM_STMT_SEND_LONG_DATA, or {@code null}
     */
    public static ComStmtExecute read(PacketPayload in, int parameterCount, int[] previousTypes, byte[][] longData) {
        int flags = in.readInt1();
        in.readInt4(); // iteration count, always 1
        if (parameterCount == 0) {
            return new ComStmtExecute(flags, new int[0], List.of());
        }
        byte[] nullBitmap = in.readBytesFix((parameterCount + 7) / 8);
        int[] types = previousTypes;
        if (in.readInt1() == 1) {
            in.checkedLength(2L * parameterCount);
            types = new int[parameterCount];
            for (int i = 0; i < parameterCount; i++) {
                types[i] = in.readInt2();
            }
        }
        if (types == null) {
            throw new CometQlException(CometQlErrors.ER_MALFORMED_PACKET, "HY000",
                    "Malformed communication packet (parameter types were never sent)", null);
        }
        List<Object> values = new ArrayList<>(parameterCount);
        for (int i = 0; i < parameterCount; i++) {
            int type = types[i] & 0xff;
            if (longData[i] != null) {
                values.add(ColumnType.isBinary(type) ? longData[i] : new String(longData[i], StandardCharsets.UTF_8));
            } else if ((nullBitmap[i / 8] & (1 << (i % 8))) != 0) {
                values.add(null);
            } else {
                values.add(readValue(in, type, (types[i] & (ColumnType.UNSIGNED_FLAG << 8)) != 0));
            }
        }
        return new ComStmtExecute(flags, types, Collections.unmodifiableList(values));
    }

    private static Object readValue(PacketPayload in, int type, boolean unsigned) {
        return switch (type) {
            case ColumnType.NULL -> null;
            case ColumnType.TINY -> unsigned ? (long) in.readInt1() : (long) (byte) in.readInt1();
            case ColumnType.SHORT, ColumnType.YEAR -> unsigned ? (long) in.readInt2() : (long) (short) in.readInt2();
            case ColumnType.LONG, ColumnType.INT24 -> unsigned ? in.readInt4() : (long) (int) in.readInt4();
            case ColumnType.LONGLONG -> readLongLong(in, unsigned);
            case ColumnType.FLOAT -> (double) in.readFloat();
            case ColumnType.DOUBLE -> in.readDouble();
            case ColumnType.DECIMAL, ColumnType.NEWDECIMAL -> readDecimal(in);
            case ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP -> readDateTime(in);
            case ColumnType.TIME -> readTime(in);
            default -> ColumnType.isBinary(type) ? in.readBytesLenenc() : in.readStringLenenc();
        };
    }

    private static Object readLongLong(PacketPayload in, boolean unsigned) {
        long value = in.readInt8();
        if (unsigned && value < 0) {
            return new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
        }
        return value;
    }

    private static BigDecimal readDecimal(PacketPayload in) {
        String text = in.readStringLenenc();
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new CometQlException(CometQlErrors.ER_MALFORMED_PACKET, "HY000",
                    "Malformed communication packet (bad decimal '" + text + "')", null);
        }
    }

    /** MYSQL_TIME as {@code YYYY-MM-DD[ HH:MM:SS[.ffffff]]}. */
    private static String readDateTime(PacketPayload in) {
        int length = in.readInt1();
        if (length == 0) {
            return "0000-00-00 00:00:00";
        }
        in.checkedLength(length);
        String date = String.format("%04d-%02d-%02d", in.readInt2(), in.readInt1(), in.readInt1());
        if (length < 7) {
            skipRest(in, length - 4);
            return date;
        }
        String time = String.format(" %02d:%02d:%02d", in.readInt1(), in.readInt1(), in.readInt1());
        if (length < 11) {
            skipRest(in, length - 7);
            return date + time;
        }
        String micros = String.format(".%06d", in.readInt4());
        skipRest(in, length - 11);
        return date + time + micros;
    }

    /** MYSQL_TIME of type TIME as {@code [-]HHH:MM:SS[.ffffff]}. */
    private static String readTime(PacketPayload in) {
        int length = in.readInt1();
        if (length == 0) {
            return "00:00:00";
        }
        in.checkedLength(length);
        if (length < 8) {
            throw new CometQlException(CometQlErrors.ER_MALFORMED_PACKET, "HY000",
                    "Malformed communication packet (TIME length " + length + ")", null);
        }
        boolean negative = in.readInt1() == 1;
        long hours = in.readInt4() * 24 + in.readInt1();
        String time = String.format("%s%02d:%02d:%02d", negative ? "-" : "", hours, in.readInt1(), in.readInt1());
        if (length < 12) {
            skipRest(in, length - 8);
            return time;
        }
        String micros = String.format(".%06d", in.readInt4());
        skipRest(in, length - 12);
        return time + micros;
    }

    private static void skipRest(PacketPayload in, int remaining) {
        if (remaining > 0) {
            in.skip(remaining);
        }
    }
}
