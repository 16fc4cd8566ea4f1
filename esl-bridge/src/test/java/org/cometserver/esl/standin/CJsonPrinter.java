package org.cometserver.esl.standin;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prints maps, lists, strings, numbers and booleans the way FreeSWITCH's cJSON does: {@code cJSON_Print} (tabs, one key
 * per line, arrays inline with ", ") for {@code json_list}, {@code cJSON_PrintUnformatted} for {@code json_list compact}.
 */
final class CJsonPrinter {

    private CJsonPrinter() {
    }

    static String print(Object value, boolean formatted) {
        StringBuilder sb = new StringBuilder(4096);
        write(sb, value, formatted, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, boolean formatted, int depth) {
        if (value instanceof Map<?, ?> map) {
            writeObject(sb, map, formatted, depth + 1);
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
                write(sb, it.next(), formatted, depth + 1);
                if (it.hasNext()) {
                    sb.append(formatted ? ", " : ",");
                }
            }
            sb.append(']');
        } else if (value instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            sb.append('"');
        } else {
            sb.append(value);
        }
    }

    /** {@code depth} counts enclosing arrays and objects including this one, as cJSON's output depth does. */
    private static void writeObject(StringBuilder sb, Map<?, ?> map, boolean formatted, int depth) {
        sb.append('{');
        if (formatted) {
            sb.append('\n');
        }
        for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<?, ?> e = it.next();
            if (formatted) {
                sb.append("\t".repeat(depth));
            }
            write(sb, String.valueOf(e.getKey()), formatted, depth);
            sb.append(':');
            if (formatted) {
                sb.append('\t');
            }
            write(sb, e.getValue(), formatted, depth);
            if (it.hasNext()) {
                sb.append(',');
            }
            if (formatted) {
                sb.append('\n');
            }
        }
        if (formatted) {
            sb.append("\t".repeat(depth - 1));
        }
        sb.append('}');
    }
}
