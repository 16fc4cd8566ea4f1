package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.UserBackend.QueuedMessage;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code users_messages (id, index, event, message)}: INSERT sends a private message to every connection of a
 * user (queued when none takes it); SELECT lists the queue ({@code index} is the message uuid, as in CppComet);
 * DELETE empties it.
 */
public final class UsersMessagesTable extends CometTable {

    /** Creates the users_messages table. */
    public UsersMessagesTable() {
        super("users_messages", List.of(TableColumn.bigint("id"), TableColumn.varchar("index", 36),
                TableColumn.varchar("event", ChannelNames.MAX_LENGTH), TableColumn.text("message")), "id");
    }

    /** Every queued message of the users (CppComet returned at most 10 per user). */
    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        List<Long> ids = TableValues.longKeys(values, "id", 0);
        return rows(context.backends().users().queuedMessages(context.devId(), ids));
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().users().allQueuedMessages(context.devId(), limit));
    }

    private static List<Object[]> rows(List<QueuedMessage> messages) {
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (QueuedMessage message : messages) {
            rows.add(new Object[]{message.userId(), message.id(), message.event(), message.message()});
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

    /** The {@code index} column may be listed and is ignored, as in CppComet. */
    @Override
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        long id = (Long) TableValues.required(row, 0, "id");
        String event = (String) TableValues.required(row, 2, "event");
        String message = (String) TableValues.required(row, 3, "message");
        if (id < 0) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The id field must be non-negative");
        }
        ChannelNames.checkEvent(event);
        context.backends().users().sendMessage(context.devId(), id, event, message);
        return new StatementResult.Ok(1, id);
    }

    /** Removes everything queued (CppComet kept messages queued within the current second). */
    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        return context.backends().users().clearQueues(context.devId(), DeleteKeys.longs(keyRows, 0));
    }
}
