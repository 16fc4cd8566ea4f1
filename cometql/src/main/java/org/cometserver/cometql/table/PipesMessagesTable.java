package org.cometserver.cometql.table;

import org.cometserver.cometql.spi.PipeBackend.HistoryMessage;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pipes_messages (id, time, name, index, event, message, user_id)}: INSERT publishes to a channel (and
 * stores it when the channel keeps history); SELECT reads the history; DELETE removes a channel's history
 * ({@code WHERE name …}) or single messages ({@code WHERE id …}).
 */
public final class PipesMessagesTable extends CometTable {
    private static final int ID = 0;
    private static final int NAME = 2;
    private static final int EVENT = 4;
    private static final int MESSAGE = 5;
    private static final StatementResult.Ok ONE_ROW = new StatementResult.Ok(1, 0);

    /** Creates the pipes_messages table. */
    public PipesMessagesTable() {
        super("pipes_messages", List.of(TableColumn.varchar("id", 36), TableColumn.bigint("time"),
                TableColumn.varchar("name", ChannelNames.MAX_LENGTH), TableColumn.bigint("index"),
                TableColumn.varchar("event", ChannelNames.MAX_LENGTH), TableColumn.text("message"),
                TableColumn.bigint("user_id")), "name", "id");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        if (keyColumn == NAME) {
            List<String> names = ChannelNames.validOnly(TableValues.textKeys(values));
            return rows(context.backends().pipes().history(context.devId(), names,
                    context.config().maxHistoryLength()));
        }
        Set<String> ids = new HashSet<>(TableValues.textKeys(values));
        int limit = context.config().maxResultRows();
        List<Object[]> rows = scanAll(context, limit + 1);
        if (rows.size() > limit) {
            throw tooManyRows(limit);
        }
        rows.removeIf(row -> !ids.contains((String) row[ID]));
        return rows;
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().pipes().allHistory(context.devId(), limit));
    }

    /** {@code index} is the message's position in its channel's history, from 0 (CppComet's running number). */
    private static List<Object[]> rows(List<HistoryMessage> messages) {
        Map<String, Long> positions = new HashMap<>();
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (HistoryMessage message : messages) {
            long index = positions.merge(message.pipe(), 1L, Long::sum) - 1;
            rows.add(new Object[]{message.id(), message.time(), message.pipe(), index, message.event(),
                    message.message(), message.userId()});
        }
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

    @Override
    public boolean insertsInline(QueryContext context, Object[] row) {
        return row[NAME] instanceof String name
                && !context.backends().pipes().historyEnabled(context.devId(), name);
    }

    @Override
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        String name = (String) TableValues.required(row, NAME, "name");
        String event = (String) TableValues.required(row, EVENT, "event");
        String message = (String) TableValues.required(row, MESSAGE, "message");
        ChannelNames.checkForInsert(name);
        ChannelNames.checkEvent(event);
        context.backends().pipes().publish(context.devId(), name, event, message);
        return ONE_ROW;
    }

    @Override
    public List<String> deleteKeyColumns() {
        return List.of("id", "name");
    }

    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        if (whereColumns.contains("id")) {
            return context.backends().pipes().deleteHistoryMessages(context.devId(), DeleteKeys.texts(keyRows, 0));
        }
        return context.backends().pipes().deleteHistory(context.devId(), DeleteKeys.texts(keyRows, 1));
    }
}
