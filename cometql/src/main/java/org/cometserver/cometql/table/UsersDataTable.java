package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code users_data (id, data)}: free-form data per user, readable from the browser. */
public final class UsersDataTable extends CometTable {

    /** Creates the users_data table. */
    public UsersDataTable() {
        super("users_data", List.of(TableColumn.bigint("id"), TableColumn.text("data")), "id");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        List<Long> ids = TableValues.longKeys(values, "id", 1);
        Map<Long, String> data = context.backends().users().userData(context.devId(), ids);
        List<Object[]> rows = new ArrayList<>();
        for (Long id : ids) {
            String value = data.get(id);
            if (value != null) {
                rows.add(new Object[]{id, value});
            }
        }
        return rows;
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        List<Object[]> rows = new ArrayList<>();
        context.backends().users().allUserData(context.devId(), limit)
                .forEach((id, value) -> rows.add(new Object[]{id, value}));
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
        String data = (String) TableValues.required(row, 1, "data");
        if (id <= 0) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The id field must be non-negative");
        }
        context.backends().users().setUserData(context.devId(), id, data);
        return new StatementResult.Ok(1, id);
    }

    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        return context.backends().users().deleteUserData(context.devId(), DeleteKeys.longs(keyRows, 0));
    }
}
