package org.cometserver.server.e2e.ws;

import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.testing.SqlRows;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A phone the backend dialled into a room is listed under the user of the dialling row, kind {@code phone}, also by a
 * server restarted while the call goes on ({@code conference_phones} in the store), and kicked by that user's id.
 */
class PhonesAcrossRestartTest {
    private static final String CONFERENCE = "0*phones1-FSdefaultDomain";
    private static final String PHONE = "72|phone|sofia/gateway/gw/+4930888";

    @Test
    void aPhoneDialledBeforeARestartIsStillListedAndKickedUnderItsUser() throws Exception {
        try (FreeSwitchStandIn freeswitch = FreeSwitchStandIn.start()) {
            freeswitch.setDomain("FSdefaultDomain");
            E2eServer server = E2eServer.withFreeswitch(freeswitch);
            try {
                try (Connection sql = connect(server)) {
                    assertTrue(freeswitch.api("originate {origination_caller_id_number=00000071,"
                            + "origination_caller_id_name=00000071}loopback/0*phones1*default/default &park")
                            .startsWith("+OK"));
                    SqlRows.update(sql, "INSERT INTO conference (name, user_id, caller_id, message, dial) VALUES"
                            + " ('phones1', 72, 72, '{}', 'sofia/gateway/gw/+4930888')");
                    Eventually.until("the phone listed", () -> members(sql).equals(List.of("71|web|", PHONE)),
                            () -> members(sql));
                }

                server.restart();
                try (Connection sql = connect(server)) {
                    Eventually.until("the room listed again", () -> members(sql).size() == 2, () -> members(sql));
                    assertEquals(List.of("71|web|", PHONE), members(sql), "not user 0, kind sip");
                    assertEquals(1, SqlRows.update(sql, "DELETE FROM conference_members WHERE name = 'phones1'"
                            + " AND user_id = 72"));
                    Eventually.until("the phone kicked", () -> freeswitch.memberIds(CONFERENCE).size() == 1,
                            () -> freeswitch.memberIds(CONFERENCE));
                }
            } finally {
                server.close();
            }
        }
    }

    private static Connection connect(E2eServer server) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
    }

    private static List<String> members(Connection sql) {
        return SqlRows.query(sql, "SELECT user_id, kind, number FROM conference_members WHERE name = 'phones1'");
    }
}
