package org.cometserver.cometql.schema;

import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.cometserver.cometql.table.CallsTable;
import org.cometserver.cometql.table.CometTable;
import org.cometserver.cometql.table.ConferenceMembersTable;
import org.cometserver.cometql.table.ConferenceRecordingsTable;
import org.cometserver.cometql.table.ConferenceSettingsTable;
import org.cometserver.cometql.table.ConferenceTable;
import org.cometserver.cometql.table.PipesMessagesTable;
import org.cometserver.cometql.table.PipesSettingsTable;
import org.cometserver.cometql.table.PipesTable;
import org.cometserver.cometql.table.RevokedTokensTable;
import org.cometserver.cometql.table.UsersAuthTable;
import org.cometserver.cometql.table.UsersDataTable;
import org.cometserver.cometql.table.UsersInPipesTable;
import org.cometserver.cometql.table.UsersMessagesTable;
import org.cometserver.cometql.table.UsersTimeTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Calcite schema {@code CometQL_v1}: the CometQL virtual tables. The tables hold no state (the host's data is
 * reached through the statement's {@code QueryContext}), so one schema serves every connection and thread.
 */
public final class CometSchema extends AbstractSchema {
    /** The database name clients select; also the schema's name in Calcite. */
    public static final String DATABASE = "CometQL_v1";

    /** CppComet's {@code SHOW TABLES}, in its order; the other tables exist but were never listed. */
    public static final List<String> LISTED_TABLES = List.of("users_auth", "users_time", "users_messages",
            "pipes_messages", "users_in_pipes", "pipes", "pipes_settings");

    private final Map<String, CometTable> tables = new LinkedHashMap<>();

    /** Creates the schema with all fourteen tables. */
    public CometSchema() {
        for (CometTable table : List.of(new UsersAuthTable(), new UsersTimeTable(), new UsersMessagesTable(),
                new PipesMessagesTable(), new UsersInPipesTable(), new PipesTable(), new PipesSettingsTable(),
                new UsersDataTable(), new RevokedTokensTable(), new ConferenceTable(),
                new ConferenceMembersTable(), new CallsTable(), new ConferenceSettingsTable(),
                new ConferenceRecordingsTable())) {
            tables.put(table.name(), table);
        }
    }

    /** The table of this exact (lower-case) name, or null: table names are case-sensitive as in MySQL on Linux. */
    public CometTable table(String name) {
        return tables.get(name);
    }

    public Map<String, CometTable> cometTables() {
        return tables;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return new LinkedHashMap<>(tables);
    }
}
