package org.cometserver.cometql.table;

import org.apache.calcite.sql.type.SqlTypeName;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** Conversions of statement values (literals, bound parameters, key values) to a column's Java type. */
public final class TableValues {
    private TableValues() {
    }

    /** Converts {@code value} for a column of {@code type}; null stays null. */
    public static Object coerce(Object value, SqlTypeName type, String column) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case BIGINT -> toLong(value, column);
            case INTEGER -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, toLong(value, column)));
            default -> toText(value);
        };
    }

    public static String toText(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** A whole number; CppComet also takes quoted numbers ({@code id = '5'}). */
    public static long toLong(Object value, String column) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            if (value instanceof Number number) {
                return new BigDecimal(number.toString()).longValueExact();
            }
            return new BigDecimal(toText(value).trim()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "Incorrect integer value '" + toText(value) + "' for column `" + column + "`");
        }
    }

    /** Distinct whole numbers of a key list with {@code value >= min}, in the order given. */
    public static List<Long> longKeys(Collection<Object> values, String column, long min) {
        LinkedHashSet<Long> keys = new LinkedHashSet<>();
        for (Object value : values) {
            if (value != null) {
                long key = toLong(value, column);
                if (key >= min) {
                    keys.add(key);
                }
            }
        }
        return new ArrayList<>(keys);
    }

    /** Distinct non-null texts of a key list, in the order given. */
    public static List<String> textKeys(Collection<Object> values) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (Object value : values) {
            if (value != null) {
                keys.add(toText(value));
            }
        }
        return new ArrayList<>(keys);
    }

    /** The value of a column that INSERT requires. */
    public static Object required(Object[] row, int index, String column) {
        if (row[index] == null) {
            throw CometQlErrors.required(column);
        }
        return row[index];
    }
}
