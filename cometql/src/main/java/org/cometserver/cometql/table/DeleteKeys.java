package org.cometserver.cometql.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Distinct key values taken from the rows a DELETE selected. */
final class DeleteKeys {
    private DeleteKeys() {
    }

    static List<Long> longs(List<Object[]> rows, int column) {
        LinkedHashSet<Long> keys = new LinkedHashSet<>();
        for (Object[] row : rows) {
            if (row[column] != null) {
                keys.add(((Number) row[column]).longValue());
            }
        }
        return new ArrayList<>(keys);
    }

    static List<String> texts(List<Object[]> rows, int column) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (Object[] row : rows) {
            if (row[column] != null) {
                keys.add(row[column].toString());
            }
        }
        return new ArrayList<>(keys);
    }

    /** User ids (column {@code userColumn}) grouped by the text of column {@code nameColumn}. */
    static Map<String, List<Long>> usersByName(List<Object[]> rows, int nameColumn, int userColumn) {
        Map<String, LinkedHashSet<Long>> grouped = new LinkedHashMap<>();
        for (Object[] row : rows) {
            if (row[nameColumn] != null && row[userColumn] != null) {
                grouped.computeIfAbsent(row[nameColumn].toString(), name -> new LinkedHashSet<>())
                        .add(((Number) row[userColumn]).longValue());
            }
        }
        Map<String, List<Long>> result = new LinkedHashMap<>();
        grouped.forEach((name, users) -> result.put(name, new ArrayList<>(users)));
        return result;
    }
}
