package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.GuestBackend.GuestPass;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code conference_guests (name, guest_id, display_name, token, ttl, created, expires, used)}: one-time guest passes
 * (beyond CppComet; docs/GUESTS.md). INSERT takes {@code name}, {@code ttl} and optionally
 * {@code display_name} and {@code token} (else the server draws one); its OK packet's last insert id is the new
 * {@code guest_id}, whose row gives the token.
 * SELECT by {@code name}, {@code guest_id} or {@code token}; DELETE revokes.
 */
public final class ConferenceGuestsTable extends CometTable {
    private static final int NAME = 0;
    private static final int GUEST_ID = 1;
    private static final int DISPLAY_NAME = 2;
    private static final int TOKEN = 3;
    private static final int TTL = 4;
    static final int MAX_DISPLAY_NAME = 64;
    /** A token the backend chooses: long enough not to be guessed, safe in a URL. */
    private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** Creates the conference_guests table. */
    public ConferenceGuestsTable() {
        super("conference_guests", List.of(TableColumn.varchar("name", ChannelNames.MAX_LENGTH),
                TableColumn.bigint("guest_id"), TableColumn.varchar("display_name", MAX_DISPLAY_NAME),
                TableColumn.varchar("token", 64), TableColumn.bigint("ttl"), TableColumn.bigint("created"),
                TableColumn.bigint("expires"), TableColumn.bigint("used")), "guest_id", "token", "name");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        var guests = context.backends().guests();
        return rows(switch (keyColumn) {
            case GUEST_ID -> guests.byGuestIds(context.devId(), TableValues.longKeys(values, "guest_id", 1));
            case TOKEN -> guests.byTokens(context.devId(), TableValues.textKeys(values));
            default -> guests.byNames(context.devId(), ConferenceTable.validNames(values));
        });
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().guests().all(context.devId(), limit));
    }

    private static List<Object[]> rows(List<GuestPass> passes) {
        List<Object[]> rows = new ArrayList<>(passes.size());
        for (GuestPass p : passes) {
            rows.add(new Object[]{p.name(), p.guestId(), p.displayName(), p.token(), p.expires() - p.created(),
                    p.created(), p.expires(), p.used()});
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
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        String name = (String) TableValues.required(row, NAME, "name");
        long ttl = (Long) TableValues.required(row, TTL, "ttl");
        String displayName = row[DISPLAY_NAME] == null ? "" : (String) row[DISPLAY_NAME];
        String token = (String) row[TOKEN];
        if (row[GUEST_ID] != null || row[5] != null || row[6] != null || row[7] != null) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "INSERT INTO conference_guests takes name,"
                    + " display_name, ttl and optionally token; the server chooses the rest");
        }
        if (token != null && !TOKEN_FORMAT.matcher(token).matches()) {
            throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "A token given to INSERT must be 16-64 characters of A-Za-z0-9_-");
        }
        if (name.isEmpty() || name.length() > ChannelNames.MAX_LENGTH || !ChannelNames.hasValidCharacters(name)) {
            throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "The room name must be 1-64 characters of A-Za-z0-9_-");
        }
        if (displayName.length() > MAX_DISPLAY_NAME) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "display_name is longer than " + MAX_DISPLAY_NAME);
        }
        GuestPass pass = context.backends().guests().create(context.devId(), name, displayName, ttl, token);
        return new StatementResult.Ok(1, pass.guestId());
    }

    @Override
    public List<String> deleteKeyColumns() {
        return List.of("guest_id");
    }

    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        return context.backends().guests().revoke(context.devId(), DeleteKeys.longs(keyRows, 0));
    }
}
