package org.cometserver.cometql.table;

import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code revoked_tokens (token)}: the JWT blacklist; revoking a valid token also logs its user out. */
public final class RevokedTokensTable extends CometTable {

    /** Creates the revoked_tokens table. */
    public RevokedTokensTable() {
        super("revoked_tokens", List.of(TableColumn.text("token")), "token");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        return rows(context.backends().users().revokedTokens(context.devId(), TableValues.textKeys(values)));
    }

    /** CppComet 4.07+: SELECT without WHERE lists every token of the dev_id. */
    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().users().allRevokedTokens(context.devId(), limit));
    }

    private static List<Object[]> rows(List<String> tokens) {
        List<Object[]> rows = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            rows.add(new Object[]{token});
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
        String token = (String) TableValues.required(row, 0, "token");
        context.backends().users().revokeToken(context.devId(), token);
        return new StatementResult.Ok(1, 1);
    }

    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        return context.backends().users().deleteRevokedTokens(context.devId(), DeleteKeys.texts(keyRows, 0));
    }
}
