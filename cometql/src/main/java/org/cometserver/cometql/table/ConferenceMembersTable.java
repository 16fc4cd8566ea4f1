package org.cometserver.cometql.table;

import org.cometserver.cometql.spi.ConferenceBackend.Member;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code conference_members (name, user_id, join_time, last_talking, member_id, muted, deaf, talking, video,
 * node)}: live members from the FreeSWITCH registry. DELETE kicks them; INSERT is refused (ERR 10).
 */
public final class ConferenceMembersTable extends CometTable {

    /** Creates the conference_members table. */
    public ConferenceMembersTable() {
        super("conference_members", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.bigint("user_id"), TableColumn.bigint("join_time"), TableColumn.bigint("last_talking"),
                TableColumn.varchar("member_id", 64), flag("muted"), flag("deaf"), flag("talking"), flag("video"),
                TableColumn.varchar("node", 255)), "name");
    }

    private static TableColumn flag(String name) {
        return TableColumn.integer(name, "tinyint(1)");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        return rows(context.backends().conferences().members(context.devId(), ConferenceTable.validNames(values)));
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().conferences().allMembers(context.devId(), limit));
    }

    private static List<Object[]> rows(List<Member> members) {
        List<Object[]> rows = new ArrayList<>(members.size());
        for (Member m : members) {
            rows.add(new Object[]{m.name(), m.userId(), m.joinTime(), m.lastTalking(), m.memberId(), bit(m.muted()),
                    bit(m.deaf()), bit(m.talking()), bit(m.video()), m.node()});
        }
        return rows;
    }

    private static Integer bit(boolean value) {
        return value ? 1 : 0;
    }

    @Override
    public boolean deletable() {
        return true;
    }

    @Override
    public List<String> deleteKeyColumns() {
        return List.of("name", "user_id");
    }

    /** Kicks the selected members through FreeSWITCH. */
    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        long kicked = 0;
        for (Map.Entry<String, List<Long>> entry : DeleteKeys.usersByName(keyRows, 0, 1).entrySet()) {
            kicked += context.backends().conferences().kickMembers(context.devId(), entry.getKey(), entry.getValue());
        }
        return kicked;
    }
}
