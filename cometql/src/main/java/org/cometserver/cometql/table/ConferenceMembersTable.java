package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.ConferenceBackend.Member;
import org.cometserver.cometql.spi.ConferenceBackend.MemberChanges;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code conference_members (name, user_id, join_time, last_talking, member_id, muted, deaf, talking, video, vmuted,
 * node, floor, kind, number)}: live members from the FreeSWITCH registry. DELETE kicks them; UPDATE of
 * {@code muted}, {@code deaf}, {@code vmuted} mutes, deafens, stops the video of them (and back); {@code floor = 1}
 * gives the member the video floor ({@code vid-floor <id> force}; docs/CONFERENCES.md); INSERT is refused (ERR 10).
 * {@code kind} is {@code web}, {@code sip} or {@code phone}, {@code number} a phone's number.
 */
public final class ConferenceMembersTable extends CometTable {

    /** Creates the conference_members table. */
    public ConferenceMembersTable() {
        super("conference_members", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.bigint("user_id"), TableColumn.bigint("join_time"), TableColumn.bigint("last_talking"),
                TableColumn.varchar("member_id", 64), flag("muted"), flag("deaf"), flag("talking"), flag("video"),
                flag("vmuted"), TableColumn.varchar("node", 255), flag("floor"), TableColumn.varchar("kind", 8),
                TableColumn.varchar("number", 64)), "name");
    }

    private static final List<String> UPDATABLE = List.of("muted", "deaf", "vmuted", "floor");

    private static TableColumn flag(String name) {
        return TableColumn.integer(name, "tinyint(1)");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        return rows(context.backends().conferences().members(context.devId(), ConferenceTable.validNames(values)));
    }

    /** {@link org.cometserver.cometql.spi.ConferenceBackend#members} reads the bridge's registry: non-blocking. */
    @Override
    public boolean readsInline() {
        return true;
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().conferences().allMembers(context.devId(), limit));
    }

    private static List<Object[]> rows(List<Member> members) {
        List<Object[]> rows = new ArrayList<>(members.size());
        for (Member m : members) {
            rows.add(new Object[]{m.name(), m.userId(), m.joinTime(), m.lastTalking(), m.memberId(), bit(m.muted()),
                    bit(m.deaf()), bit(m.talking()), bit(m.video()), bit(m.videoMuted()), m.node(), bit(m.floor()),
                    m.kind(), m.number()});
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

    @Override
    public List<String> updatableColumns() {
        return UPDATABLE;
    }

    /** Changes the selected members through FreeSWITCH ({@code conference <name> mute|unmute|deaf|...}). */
    @Override
    public long update(QueryContext context, List<Object[]> keyRows, Map<String, Object> assignments) {
        Boolean floor = flagValue(assignments, "floor");
        if (Boolean.FALSE.equals(floor)) {
            throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "The floor field can only be set to 1 (give the floor to another member to take it back)");
        }
        MemberChanges changes = new MemberChanges(flagValue(assignments, "muted"), flagValue(assignments, "deaf"),
                flagValue(assignments, "vmuted"), floor);
        long changed = 0;
        for (Map.Entry<String, List<Long>> entry : DeleteKeys.usersByName(keyRows, 0, 1).entrySet()) {
            changed += context.backends().conferences().updateMembers(context.devId(), entry.getKey(),
                    entry.getValue(), changes);
        }
        return changed;
    }

    /** 0/1 (or true/false) as MySQL writes booleans; null when the column is not set. */
    private static Boolean flagValue(Map<String, Object> assignments, String column) {
        if (!assignments.containsKey(column)) {
            return null;
        }
        return flag(assignments.get(column), column);
    }

    /** 0/1 (or true/false) as MySQL writes booleans; anything else (null too) is INVALID_DATA. */
    static boolean flag(Object value, String column) {
        String text = value == null ? "" : value.toString().strip();
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "The " + column + " field must be 0 or 1");
        };
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
