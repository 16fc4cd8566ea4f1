package org.cometserver.cometql.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code users_time (id, time)}, read only: 0 online now, the last disconnect time, or -1 when never seen. */
public final class UsersTimeTable extends CometTable {
    private static final long NEVER_SEEN = -1;

    /** Creates the users_time table. */
    public UsersTimeTable() {
        super("users_time", List.of(TableColumn.bigint("id"), TableColumn.bigint("time")), "id");
    }

    /** CppComet: one row per requested id (ids below 0 skipped), -1 when the host knows nothing of the user. */
    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        List<Long> ids = TableValues.longKeys(values, "id", 0);
        Map<Long, Long> times = context.backends().users().lastOnlineTimes(context.devId(), ids);
        List<Object[]> rows = new ArrayList<>(ids.size());
        for (Long id : ids) {
            rows.add(new Object[]{id, times.getOrDefault(id, NEVER_SEEN)});
        }
        return rows;
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        List<Object[]> rows = new ArrayList<>();
        context.backends().users().allLastOnlineTimes(context.devId(), limit)
                .forEach((id, time) -> rows.add(new Object[]{id, time}));
        return rows;
    }
}
