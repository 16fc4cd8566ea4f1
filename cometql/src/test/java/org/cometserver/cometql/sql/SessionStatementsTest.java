package org.cometserver.cometql.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Statements answered before Calcite: SHOW, DESCRIBE, SELECT @@…, SET, USE and what real clients send. */
class SessionStatementsTest {
    private static final String SYSTEM_STRING =
            "CppComet community 4.09 (AGPL license)(comet-server.com, support@comet-server.com)";
    private final CometQlFixture f = new CometQlFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void connectorJConnectQuery() {
        String sql = "/* mysql-connector-j-26.10.0 (Revision: x) */SELECT  @@session.auto_increment_increment AS "
                + "auto_increment_increment, @@character_set_client AS character_set_client, @@character_set_connection"
                + " AS character_set_connection, @@character_set_results AS character_set_results, "
                + "@@character_set_server AS character_set_server, @@collation_server AS collation_server, "
                + "@@collation_connection AS collation_connection, @@init_connect AS init_connect, "
                + "@@interactive_timeout AS interactive_timeout, @@license AS license, @@lower_case_table_names AS "
                + "lower_case_table_names, @@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS "
                + "net_write_timeout, @@performance_schema AS performance_schema, @@query_cache_size AS "
                + "query_cache_size, @@query_cache_type AS query_cache_type, @@sql_mode AS sql_mode, "
                + "@@system_time_zone AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS "
                + "transaction_isolation, @@wait_timeout AS wait_timeout";
        StatementResult.Rows rows = f.sql(sql).rows();
        assertEquals(21, rows.columns().size());
        assertEquals("auto_increment_increment", rows.columns().get(0).name());
        String[] row = rows.rows().get(0);
        assertEquals(List.of("1", "utf8mb4", "utf8mb4", "utf8mb4", "utf8mb4", "utf8mb4_general_ci",
                "utf8mb4_general_ci", "", "28800", "AGPL", "0", "67108864", "60", "0", "0", "OFF", ""),
                List.of(row).subList(0, 17));
        assertEquals(List.of("SYSTEM", "REPEATABLE-READ", "28800"), List.of(row).subList(18, 21));
        f.sql("SET character_set_results = NULL").ok(0);
        f.sql("SET autocommit=1").ok(0);
        f.sql("SET AUTOCOMMIT = 0").ok(0);
        f.sql("SET NAMES utf8").ok(0);
    }

    @Test
    void systemVariables() {
        f.sql("SELECT @@version").returns("@@version=" + SYSTEM_STRING);
        f.sql("select @@version_comment limit 1").returns("@@version_comment=" + SYSTEM_STRING);
        f.sql("SELECT @@anything_else").returns("@@anything_else=" + SYSTEM_STRING);
        f.sql("SELECT @@global.max_allowed_packet, @@tx_isolation 'iso'")
                .returns("@@global.max_allowed_packet=67108864; iso=REPEATABLE-READ");
        f.sql("SELECT @@version, 1").returns("@@version=" + SYSTEM_STRING + "; 1=1");
    }

    @Test
    void mixedSessionSelects() {
        f.sql("SELECT DATABASE(), USER()").returns("DATABASE()=CometQL_v1; USER()=root@%");
        f.sql("select DATABASE(), USER() limit 1").returns("DATABASE()=CometQL_v1; USER()=root@%");
        f.sql("SELECT VERSION(), 1").returns("VERSION()=" + SYSTEM_STRING + "; 1=1");
        f.sql("SELECT connection_id() AS id, 'x' label, -2.50, NULL, @@max_allowed_packet `max`, 'abc'")
                .returns("id=7; label=x; -2.50=-2.50; NULL=null; max=67108864; abc=abc");
        f.sql("SELECT CURRENT_USER(), SCHEMA() LIMIT 0").columns("CURRENT_USER()", "SCHEMA()").returns();
        f.sql("SELECT VERSION() LIMIT x").fails(3, "Syntax error in query");
        // anything else goes to Calcite, which knows no DATABASE()
        f.sql("SELECT DATABASE(), NOW_NOT_A_FUNCTION()")
                .fails(3, "Syntax error in query: No match found for function signature DATABASE()");
    }

    @Test
    void showStatements() {
        f.sql("SHOW DATABASES").returns("Database=CometQL_v1");
        f.sql("SHOW TABLES").returns("Tables=users_auth", "Tables=users_time", "Tables=users_messages",
                "Tables=pipes_messages", "Tables=users_in_pipes", "Tables=pipes", "Tables=pipes_settings");
        String[] usersAuth = {"Field=id; Type=int(11); Null=NO; Key=PRI; Default=; Extra=",
                "Field=hash; Type=varchar(32); Null=NO; Key=; Default=; Extra="};
        f.sql("DESCRIBE users_auth").returns(usersAuth);
        f.sql("SHOW COLUMNS FROM users_auth").returns(usersAuth);
        f.sql("SHOW FULL COLUMNS FROM users_auth").returns(usersAuth);
        f.sql("DESC users_auth").returns(usersAuth);
        // Improvement: every table is described (CppComet: ERR 15 for all but users_auth).
        f.sql("DESCRIBE users_time").returns("Field=id; Type=bigint(20); Null=NO; Key=PRI; Default=; Extra=",
                "Field=time; Type=bigint(20); Null=NO; Key=; Default=; Extra=");
        f.sql("SHOW COLUMNS FROM pipes_settings").returnsCount(2);
        f.sql("DESCRIBE users_data").returnsCount(2);
        f.sql("DESCRIBE nosuch").fails(15, "Table doesn't exist");
        f.sql("SHOW STATUS").returns("Variable_name=flag; Value=session", "Variable_name=id; Value=0",
                "Variable_name=user_online; Value=0", "Variable_name=server_online; Value=1",
                "Variable_name=messages; Value=107");
        f.sql("SHOW GLOBAL STATUS").returns("Variable_name=flag; Value=global", "Variable_name=uptime; Value=5");
        f.sql("SHOW VARIABLES LIKE 'lower%'").returns("Variable_name=lower_case_table_names; Value=0");
        f.sql("SHOW SESSION VARIABLES LIKE 'max\\_allowed_packet'")
                .returns("Variable_name=max_allowed_packet; Value=67108864");
        f.sql("SHOW VARIABLES").columns("Variable_name", "Value");
        f.sql("SHOW PROCESSLIST").columns("ServiceName", "id", "status", "count")
                .returns("ServiceName=cometql; id=0; status=0; count=1", "ServiceName=ws; id=0; status=0; count=0");
        StatementResult.Rows status = f.sql("SHOW TABLE STATUS").rows();
        assertEquals(18, status.columns().size());
        assertEquals("StarComet", status.rows().get(0)[1]);
        f.sql("SHOW WARNINGS").returns();
        f.sql("SHOW ENGINES").fails(3, "Syntax error in query");
    }

    @Test
    void databasesAndFunctions() {
        f.sql("SELECT DATABASE()").returns("DATABASE()=CometQL_v1");
        f.sql("USE db_4").ok(0);
        assertEquals(4, f.session.devId());
        f.sql("select database()").returns("database()=db_4");
        f.sql("USE `CometQL_v1`").ok(0);
        f.sql("USE nosuch").fails(15, "Select database failure");
        f.sql("USE db_10").fails(15, "Select database failure");
        f.sql("SELECT VERSION()").returns("VERSION()=" + SYSTEM_STRING);
        f.sql("SELECT CONNECTION_ID()").returns("CONNECTION_ID()=7");
        SqlSession fresh = new SqlSession(8, "root", 0, null);
        assertNull(((StatementResult.Rows) CometQlFixture.await(f.engine.execute(fresh, "SELECT DATABASE()")))
                .rows().get(0)[0]);
        f.sql("DO 1").ok(0);
        f.sql("BEGIN").ok(0);
        f.sql("START TRANSACTION").ok(0);
        f.sql("COMMIT").ok(0);
        f.sql("ROLLBACK").ok(0);
        assertEquals(List.of("id", "hash"), f.engine.fieldList(f.session, "users_auth").stream()
                .map(ResultColumn::name).toList());
        assertEquals(List.of(), f.engine.fieldList(f.session, "nosuch"));
    }
}
