package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.RoomBackend.Settings;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code conference_settings (name, pin, max_members, locked, record, max_duration, moderator, video_layout,
 * wait_for_moderator, allow_dial, announce)}: one row per room (docs/CONFERENCES.md). INSERT replaces the room's row
 * (columns not given take their defaults), UPDATE changes the given columns; both act on the live room through
 * FreeSWITCH and answer once it accepted. DELETE removes the row only (ending a room is
 * {@code DELETE FROM conference WHERE name = ...}).
 */
public final class ConferenceSettingsTable extends CometTable {
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    /** FreeSWITCH layout names: {@code 2x2}, {@code 1up_top_left+5}, {@code group:grid}. */
    private static final Pattern LAYOUT = Pattern.compile("[A-Za-z0-9_+:.-]{0,64}");
    private static final List<String> UPDATABLE = List.of("pin", "max_members", "locked", "record", "max_duration",
            "moderator", "video_layout", "wait_for_moderator", "allow_dial", "announce");

    /** Creates the conference_settings table. */
    public ConferenceSettingsTable() {
        super("conference_settings", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.varchar("pin", 12), TableColumn.integer("max_members", "int(11)"), flag("locked"),
                flag("record"), TableColumn.integer("max_duration", "int(11)"), TableColumn.bigint("moderator"),
                TableColumn.varchar("video_layout", 64), flag("wait_for_moderator"), flag("allow_dial"),
                flag("announce")), "name");
    }

    private static TableColumn flag(String name) {
        return TableColumn.integer(name, "tinyint(1)");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        return rows(context.backends().rooms().settings(context.devId(), ConferenceTable.validNames(values)));
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().rooms().allSettings(context.devId(), limit));
    }

    private static List<Object[]> rows(List<Settings> settings) {
        List<Object[]> rows = new ArrayList<>(settings.size());
        for (Settings s : settings) {
            rows.add(new Object[]{s.name(), s.pin(), s.maxMembers(), bit(s.locked()), bit(s.record()),
                    s.maxDuration(), s.moderator(), s.videoLayout(), bit(s.waitForModerator()), bit(s.allowDial()),
                    bit(s.announce())});
        }
        return rows;
    }

    private static Integer bit(boolean value) {
        return value ? 1 : 0;
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
    public List<String> updatableColumns() {
        return UPDATABLE;
    }

    /** Replaces the room's row; only {@code name} is required. */
    @Override
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        String name = (String) TableValues.required(row, 0, "name");
        if (name.isEmpty() || name.length() > ChannelNames.MAX_LENGTH || !ChannelNames.hasValidCharacters(name)) {
            throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "The name field must be 1-64 characters of A-Z, a-z, 0-9, _ and -");
        }
        Settings d = Settings.defaults(name);
        Settings settings = valid(new Settings(name, row[1] == null ? d.pin() : (String) row[1],
                row[2] == null ? d.maxMembers() : (Integer) row[2], flag(row[3], "locked", d.locked()),
                flag(row[4], "record", d.record()), row[5] == null ? d.maxDuration() : (Integer) row[5],
                row[6] == null ? d.moderator() : (Long) row[6], row[7] == null ? d.videoLayout() : (String) row[7],
                flag(row[8], "wait_for_moderator", d.waitForModerator()), flag(row[9], "allow_dial", d.allowDial()),
                flag(row[10], "announce", d.announce())));
        context.backends().rooms().putSettings(context.devId(), settings);
        return new StatementResult.Ok(1, 0);
    }

    /** Changes the given columns of the selected rows (rooms without a row are not selected: INSERT creates one). */
    @Override
    public long update(QueryContext context, List<Object[]> keyRows, Map<String, Object> assignments) {
        long changed = 0;
        for (String name : DeleteKeys.texts(keyRows, 0)) {
            List<Settings> current = context.backends().rooms().settings(context.devId(), List.of(name));
            Settings s = current.isEmpty() ? Settings.defaults(name) : current.get(0);
            Settings updated = valid(new Settings(name,
                    assignments.containsKey("pin") ? text(assignments.get("pin")) : s.pin(),
                    (int) number(assignments, "max_members", s.maxMembers()),
                    flag(assignments, "locked", s.locked()), flag(assignments, "record", s.record()),
                    (int) number(assignments, "max_duration", s.maxDuration()),
                    number(assignments, "moderator", s.moderator()),
                    assignments.containsKey("video_layout") ? text(assignments.get("video_layout")) : s.videoLayout(),
                    flag(assignments, "wait_for_moderator", s.waitForModerator()),
                    flag(assignments, "allow_dial", s.allowDial()), flag(assignments, "announce", s.announce())));
            context.backends().rooms().putSettings(context.devId(), updated);
            changed++;
        }
        return changed;
    }

    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        return context.backends().rooms().deleteSettings(context.devId(), DeleteKeys.texts(keyRows, 0));
    }

    private static Settings valid(Settings s) {
        if (!s.pin().isEmpty() && !PIN.matcher(s.pin()).matches()) {
            throw invalid("The pin field must be 4-12 digits, or empty for no dial-in");
        }
        if (s.maxMembers() < 0 || s.maxDuration() < 0 || s.moderator() < 0) {
            throw invalid("The max_members, max_duration and moderator fields must be non-negative");
        }
        if (!LAYOUT.matcher(s.videoLayout()).matches()) {
            throw invalid("The video_layout field must be a FreeSWITCH layout name (A-Z, a-z, 0-9, _ + : . -)");
        }
        return s;
    }

    private static CometQlException invalid(String message) {
        return new CometQlException(CometQlErrors.INVALID_DATA, message);
    }

    private static String text(Object value) {
        return value == null ? "" : TableValues.toText(value).strip();
    }

    private static long number(Map<String, Object> assignments, String column, long current) {
        if (!assignments.containsKey(column)) {
            return current;
        }
        Object value = assignments.get(column);
        long n = value == null ? 0 : TableValues.toLong(value, column);
        if (n > Integer.MAX_VALUE && !column.equals("moderator")) {
            throw invalid("The " + column + " field is too large");
        }
        return n;
    }

    private static boolean flag(Object value, String column, boolean absent) {
        return value == null ? absent : ConferenceMembersTable.flag(value, column);
    }

    private static boolean flag(Map<String, Object> assignments, String column, boolean current) {
        return assignments.containsKey(column) ? ConferenceMembersTable.flag(assignments.get(column), column) : current;
    }
}
