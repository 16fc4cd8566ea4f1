package org.cometserver.cometql.table;

import org.apache.calcite.sql.type.SqlTypeName;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code users_auth (id, hash)}: the key a user's browser authorizes with (docs/CPPCOMET.md §2.5). INSERT also takes
 * our insert-only columns {@code ttl} and {@code room} (docs/GUESTS.md "Temporary users"), which make the row
 * temporary; SELECT keeps CppComet's two columns.
 */
public final class UsersAuthTable extends CometTable {
    private static final int MAX_HASH_LENGTH = 32;
    /** Longest ttl of a temporary user: a year. */
    private static final long MAX_TTL = 365 * 24 * 3600L;
    private static final List<TableColumn> INSERT_COLUMNS = List.of(new TableColumn("id", SqlTypeName.BIGINT, "int(11)"),
            TableColumn.varchar("hash", MAX_HASH_LENGTH), TableColumn.bigint("ttl"),
            TableColumn.varchar("room", ChannelNames.MAX_LENGTH));
    private static final Pattern HASH_CHARACTERS = Pattern.compile("[0-9A-Za-z=+/_]*");

    /** Creates the users_auth table. */
    public UsersAuthTable() {
        super("users_auth", List.of(new TableColumn("id", SqlTypeName.BIGINT, "int(11)"),
                TableColumn.varchar("hash", MAX_HASH_LENGTH)), "id");
    }

    @Override
    public List<TableColumn> insertColumns() {
        return INSERT_COLUMNS;
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        List<Long> ids = TableValues.longKeys(values, "id", 1);
        Map<Long, String> hashes = context.backends().users().authHashes(context.devId(), ids);
        List<Object[]> rows = new ArrayList<>();
        for (Long id : ids) {
            String hash = hashes.get(id);
            if (hash != null) {
                rows.add(new Object[]{id, hash});
            }
        }
        return rows;
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        List<Object[]> rows = new ArrayList<>();
        context.backends().users().allAuthHashes(context.devId(), limit)
                .forEach((id, hash) -> rows.add(new Object[]{id, hash}));
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
        long id = (Long) TableValues.required(row, 0, "id");
        String hash = (String) TableValues.required(row, 1, "hash");
        if (id <= 0) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The id field must be non-negative");
        }
        if (hash.length() > MAX_HASH_LENGTH) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "Hash string is too long");
        }
        if (!HASH_CHARACTERS.matcher(hash).matches()) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "Contains an invalid characters in the string hash");
        }
        long ttl = row.length < 3 || row[2] == null ? 0 : (Long) row[2];
        String room = row.length < 4 || row[3] == null ? "" : (String) row[3];
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "ttl must be 0 (none) to " + MAX_TTL + " seconds");
        }
        if (room.length() > ChannelNames.MAX_LENGTH || !ChannelNames.hasValidCharacters(room)) {
            throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "The room name must be up to 64 characters of A-Za-z0-9_-");
        }
        if (ttl == 0 && room.isEmpty()) {
            context.backends().users().setAuthHash(context.devId(), id, hash); // CppComet's permanent key
        } else {
            context.backends().users().setAuthHash(context.devId(), id, hash, ttl, room);
        }
        return new StatementResult.Ok(1, id);
    }

    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        return context.backends().users().deleteAuthHashes(context.devId(), DeleteKeys.longs(keyRows, 0));
    }
}
