package org.cometserver.cometql.sql;

import org.cometserver.cometql.CometQlConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The {@code @@variables} CometQL answers, with values MySQL clients can live with (Connector/J reads about 21
 * of them at connect). Anything else answers CppComet's system-variable string, as CppComet did for every name
 * ({@code select @@version_comment limit 1} from the mysql CLI included).
 */
final class SystemVariables {
    /** CppComet's answer to any {@code SELECT @@name} (cometql-01/02 transcripts). */
    static final String CPPCOMET_SYSTEM_STRING = CometQlConfig.CPPCOMET_VERSION
            + "(comet-server.com, support@comet-server.com)";

    private final Map<String, String> values;

    SystemVariables(CometQlConfig config) {
        long idleSeconds = config.idleTimeout().isZero() ? 31_536_000 : config.idleTimeout().toSeconds();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("auto_increment_increment", "1");
        v.put("autocommit", "1");
        v.put("character_set_client", "utf8mb4");
        v.put("character_set_connection", "utf8mb4");
        v.put("character_set_database", "utf8mb4");
        v.put("character_set_results", "utf8mb4");
        v.put("character_set_server", "utf8mb4");
        v.put("character_set_system", "utf8mb3");
        v.put("collation_connection", "utf8mb4_general_ci");
        v.put("collation_database", "utf8mb4_general_ci");
        v.put("collation_server", "utf8mb4_general_ci");
        v.put("have_ssl", "DISABLED");
        v.put("init_connect", "");
        v.put("interactive_timeout", Long.toString(idleSeconds));
        v.put("license", "AGPL");
        // CppComet: SHOW VARIABLES always answered lower_case_table_names = 0 (table names are case-sensitive).
        v.put("lower_case_table_names", "0");
        v.put("max_allowed_packet", Integer.toString(config.maxPacketSize()));
        v.put("max_execution_time", Long.toString(config.maxExecutionTime()));
        v.put("net_buffer_length", "16384");
        v.put("net_read_timeout", "30");
        v.put("net_write_timeout", "60");
        v.put("performance_schema", "0");
        v.put("query_cache_size", "0");
        v.put("query_cache_type", "OFF");
        v.put("sql_auto_is_null", "0");
        v.put("sql_mode", "");
        v.put("system_time_zone", TimeZone.getDefault().getID());
        v.put("time_zone", "SYSTEM");
        v.put("transaction_isolation", "REPEATABLE-READ");
        v.put("transaction_read_only", "0");
        v.put("tx_isolation", "REPEATABLE-READ");
        v.put("tx_read_only", "0");
        v.put("version", CPPCOMET_SYSTEM_STRING);
        v.put("version_comment", CPPCOMET_SYSTEM_STRING);
        v.put("wait_timeout", Long.toString(idleSeconds));
        this.values = Collections.unmodifiableMap(v);
    }

    /** The value of {@code @@name}, {@code @@session.name} or {@code @@global.name}. */
    String value(String reference) {
        String name = reference.startsWith("@@") ? reference.substring(2) : reference;
        int dot = name.indexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1);
        }
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), CPPCOMET_SYSTEM_STRING);
    }

    Map<String, String> all() {
        return values;
    }
}
