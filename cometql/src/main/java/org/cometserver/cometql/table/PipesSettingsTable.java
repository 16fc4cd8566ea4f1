package org.cometserver.cometql.table;

import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code pipes_settings (name, length)}: how many messages of a channel's history are kept. */
public final class PipesSettingsTable extends CometTable {

    /** Creates the pipes_settings table. */
    public PipesSettingsTable() {
        super("pipes_settings", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.integer("length", "int(11)")), "name");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        List<String> names = ChannelNames.validOnly(TableValues.textKeys(values));
        Map<String, Integer> lengths = context.backends().pipes().historyLengths(context.devId(), names);
        List<Object[]> rows = new ArrayList<>();
        for (String name : names) {
            Integer length = lengths.get(name);
            if (length != null) {
                rows.add(new Object[]{name, length});
            }
        }
        return rows;
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        List<Object[]> rows = new ArrayList<>();
        context.backends().pipes().allHistoryLengths(context.devId(), limit)
                .forEach((name, length) -> rows.add(new Object[]{name, length}));
        return rows;
    }

    @Override
    public boolean insertable() {
        return true;
    }

    @Override
    public boolean deletable() {
        return true;
    }

    /** CppComet: {@code length} is clamped to 0…max (1000 there), 0 when not given. */
    @Override
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        String name = (String) TableValues.required(row, 0, "name");
        ChannelNames.checkForInsert(name);
        int length = row[1] == null ? 0 : (Integer) row[1];
        int clamped = Math.max(0, Math.min(context.config().maxHistoryLength(), length));
        context.backends().pipes().setHistoryLength(context.devId(), name, clamped);
        return new StatementResult.Ok(1, 0);
    }

    /** Removes the settings and the stored history of the channels. */
    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        return context.backends().pipes().deleteSettings(context.devId(), DeleteKeys.texts(keyRows, 0));
    }
}
