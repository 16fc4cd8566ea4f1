package org.cometserver.cometql.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code pipes (name, users)}, read only: how many connections listen to a channel. */
public final class PipesTable extends CometTable {

    /** Creates the pipes table. */
    public PipesTable() {
        super("pipes", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.bigint("users")), "name");
    }

    /** CppComet: one row per valid requested name, 0 when nobody listens. */
    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        List<String> names = ChannelNames.validOnly(TableValues.textKeys(values));
        Map<String, Integer> counts = context.backends().pipes().subscriberCounts(context.devId(), names);
        List<Object[]> rows = new ArrayList<>(names.size());
        for (String name : names) {
            rows.add(new Object[]{name, (long) counts.getOrDefault(name, 0)});
        }
        return rows;
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        List<Object[]> rows = new ArrayList<>();
        context.backends().pipes().allSubscriberCounts(context.devId(), limit)
                .forEach((name, count) -> rows.add(new Object[]{name, (long) count}));
        return rows;
    }
}
