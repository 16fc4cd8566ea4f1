package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.ConferenceBackend.Invitation;
import org.cometserver.cometql.spi.ConferenceBackend.InvitationRequest;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code conference (name, user_id, caller_id, message, profile, stream, node, dial)}: invitations to a
 * FreeSWITCH conference (docs/CPPCOMET.md §4.2–4.3). {@code dial} is our addition: a SIP endpoint or number
 * the server dials into the conference; it is not stored, so SELECT shows it empty.
 */
public final class ConferenceTable extends CometTable {
    private static final int NAME = 0;
    private static final int USER_ID = 1;
    private static final String DEFAULT_PROFILE = "default";

    /** Creates the conference table. */
    public ConferenceTable() {
        super("conference", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.bigint("user_id"), TableColumn.bigint("caller_id"), TableColumn.text("message"),
                TableColumn.varchar("profile", 64), TableColumn.varchar("stream", 255),
                TableColumn.varchar("node", 255), TableColumn.varchar("dial", 255)), "name");
    }

    /** Conference names in SELECT/DELETE: 1–64 characters of {@code [A-Za-z0-9_-]}, others skipped. */
    static List<String> validNames(List<Object> values) {
        List<String> names = new ArrayList<>();
        for (String name : TableValues.textKeys(values)) {
            if (!name.isEmpty() && name.length() <= ChannelNames.MAX_LENGTH && ChannelNames.hasValidCharacters(name)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        return rows(context.backends().conferences().invitations(context.devId(), validNames(values)));
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().conferences().allInvitations(context.devId(), limit));
    }

    private static List<Object[]> rows(List<Invitation> invitations) {
        List<Object[]> rows = new ArrayList<>(invitations.size());
        for (Invitation i : invitations) {
            rows.add(new Object[]{i.name(), i.userId(), i.callerId(), i.message(), i.profile(), i.stream(), i.node(),
                    ""});
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

    /** CppComet: name, user_id and message required; caller_id 0, profile {@code default}; node is ignored. */
    @Override
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        String name = (String) TableValues.required(row, NAME, "name");
        long userId = (Long) TableValues.required(row, USER_ID, "user_id");
        String message = (String) TableValues.required(row, 3, "message");
        if (userId < 0) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The user_id field must be non-negative");
        }
        long callerId = row[2] == null ? 0 : (Long) row[2];
        String profile = row[4] == null ? DEFAULT_PROFILE : (String) row[4];
        String stream = row[5] == null ? "" : (String) row[5];
        String dial = (String) row[7];
        context.backends().conferences().invite(context.devId(),
                new InvitationRequest(name, userId, callerId, message, profile, stream, dial));
        return new StatementResult.Ok(1, 0);
    }

    @Override
    public List<String> deleteKeyColumns() {
        return List.of("name", "user_id");
    }

    /**
     * Deletes the selected invitations (members of those users who are live in the conference are kicked). A WHERE
     * without {@code user_id} deletes whole rooms: every live member is kicked, the room ends (issue 11: its pages get
     * {@code CONFERENCE_ENDED}, reason {@code backend}).
     */
    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        boolean wholeRooms = !whereColumns.contains("user_id");
        long removed = 0;
        for (Map.Entry<String, List<Long>> entry : DeleteKeys.usersByName(keyRows, 0, 1).entrySet()) {
            removed += context.backends().conferences().deleteInvitations(context.devId(), entry.getKey(),
                    wholeRooms ? null : entry.getValue());
        }
        return removed;
    }
}
