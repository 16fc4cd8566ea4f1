package org.cometserver.cometql.table;

import org.cometserver.cometql.spi.PipeBackend.PipeSubscriber;

import java.util.ArrayList;
import java.util.List;

/** {@code users_in_pipes (name, user_id, user_uuid, user_agent, ip, origin, language)}, read only: subscribers. */
public final class UsersInPipesTable extends CometTable {

    /** Creates the users_in_pipes table. */
    public UsersInPipesTable() {
        super("users_in_pipes", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.bigint("user_id"), TableColumn.varchar("user_uuid", 255),
                TableColumn.varchar("user_agent", 250), TableColumn.varchar("ip", 64),
                TableColumn.varchar("origin", 250), TableColumn.varchar("language", 64)), "name");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        List<String> names = ChannelNames.validOnly(TableValues.textKeys(values));
        return rows(context.backends().pipes().subscribers(context.devId(), names));
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().pipes().allSubscribers(context.devId(), limit));
    }

    private static List<Object[]> rows(List<PipeSubscriber> subscribers) {
        List<Object[]> rows = new ArrayList<>(subscribers.size());
        for (PipeSubscriber s : subscribers) {
            rows.add(new Object[]{s.pipe(), s.userId(), s.uuid(), s.userAgent(), s.ip(), s.origin(), s.language()});
        }
        return rows;
    }
}
