package org.cometserver.cometql.table;

import org.cometserver.cometql.spi.RoomBackend.Recording;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code conference_recordings (room, path, started, ended, size, node)}: files rooms were recorded into, from
 * FreeSWITCH's {@code start-recording}/{@code stop-recording} events ({@code ended} 0 while recording). Read-only but
 * for DELETE, which removes rows (the files stay on the FreeSWITCH host: docs/CONFERENCES.md).
 */
public final class ConferenceRecordingsTable extends CometTable {

    /** Creates the conference_recordings table. */
    public ConferenceRecordingsTable() {
        super("conference_recordings", List.of(TableColumn.varchar("room", ChannelNames.MAX_LENGTH),
                TableColumn.varchar("path", 255), TableColumn.bigint("started"), TableColumn.bigint("ended"),
                TableColumn.bigint("size"), TableColumn.varchar("node", 255)), "room");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        return rows(context.backends().rooms().recordings(context.devId(), ConferenceTable.validNames(values)));
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().rooms().allRecordings(context.devId(), limit));
    }

    private static List<Object[]> rows(List<Recording> recordings) {
        List<Object[]> rows = new ArrayList<>(recordings.size());
        for (Recording r : recordings) {
            rows.add(new Object[]{r.room(), r.path(), r.started(), r.ended(), r.size(), r.node()});
        }
        return rows;
    }

    @Override
    public boolean deletable() {
        return true;
    }

    @Override
    public List<String> deleteKeyColumns() {
        return List.of("room", "path");
    }

    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        Map<String, List<String>> byRoom = new LinkedHashMap<>();
        for (Object[] row : keyRows) {
            byRoom.computeIfAbsent((String) row[0], r -> new ArrayList<>()).add((String) row[1]);
        }
        long removed = 0;
        for (Map.Entry<String, List<String>> entry : byRoom.entrySet()) {
            removed += context.backends().rooms().deleteRecordings(context.devId(), entry.getKey(), entry.getValue());
        }
        return removed;
    }
}
