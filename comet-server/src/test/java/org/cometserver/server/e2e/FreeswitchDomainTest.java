package org.cometserver.server.e2e;

import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.SqlRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9 acceptance: a CppComet 4.09 {@code [sip] freeswitch} line (no {@code Domain=}) against a FreeSWITCH whose
 * {@code $${domain}} is its IP address (the stock vars.xml), here the stand-in with domain 127.0.0.1. Members its
 * dialplan puts into {@code <dev>*<room>-127.0.0.1} are listed, muted and kicked through real CometQL (Connector/J),
 * and a dialled phone joins that same conference.
 */
class FreeswitchDomainTest {
    private static final String NODE = E2eServer.FREESWITCH_NODE;
    private static final String CONFERENCE = "0*my-room-127.0.0.1";

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Connection sql;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain("127.0.0.1");
        server = E2eServer.withFreeswitch(freeswitch);
        sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
    }

    @AfterAll
    static void stop() throws SQLException {
        if (sql != null) {
            sql.close();
        }
        if (server != null) {
            server.close();
        }
        if (freeswitch != null) {
            freeswitch.close();
        }
    }

    @Test
    void aMemberOfTheDomainFreeSwitchReportsIsListedMutedAndKicked() throws SQLException {
        // The browser's call as the comet dialplan routes it: sip:0*my-room*default@<WShost> joins <dev>*<room>-$${domain}.
        assertTrue(freeswitch.api("originate {origination_caller_id_number=00000081,origination_caller_id_name=00000081}"
                + "loopback/0*my-room*default/default &park").startsWith("+OK"));
        List<Integer> ids = freeswitch.memberIds(CONFERENCE);
        assertEquals(1, ids.size(), freeswitch.api("conference list"));
        int member = ids.get(0);
        Eventually.until("member listed", () -> query("SELECT user_id, member_id, muted, node FROM conference_members"
                + " WHERE name = 'my-room'").equals(List.of("81|" + member + "|0|" + NODE)), FreeswitchDomainTest::allMembers);

        assertEquals(1, update("UPDATE conference_members SET muted = 1 WHERE name = 'my-room' AND user_id = 81"));
        assertTrue(freeswitch.receivedCommands().contains("api conference " + CONFERENCE + " mute " + member),
                freeswitch.receivedCommands().toString());
        assertTrue(freeswitch.isMuted(CONFERENCE, member));
        Eventually.until("muted", () -> query("SELECT muted FROM conference_members WHERE name = 'my-room'")
                .equals(List.of("1")), FreeswitchDomainTest::allMembers);

        assertEquals(1, update("DELETE FROM conference_members WHERE name = 'my-room' AND user_id = 81"));
        assertTrue(freeswitch.receivedCommands().contains("api conference " + CONFERENCE + " kick " + member),
                freeswitch.receivedCommands().toString());
        Eventually.until("kicked", () -> query("SELECT user_id FROM conference_members WHERE name = 'my-room'")
                .isEmpty(), FreeswitchDomainTest::allMembers);
        assertEquals(List.of(), freeswitch.memberIds(CONFERENCE));
    }

    @Test
    void aDialledPhoneJoinsTheConferenceOfTheReportedDomain() throws SQLException {
        assertEquals(1, update("INSERT INTO conference (name, user_id, caller_id, message, profile, dial)"
                + " VALUES ('room9', 82, 0, '{}', 'default', 'user/1000')"));
        assertTrue(freeswitch.receivedCommands().stream().anyMatch(c -> c.startsWith("bgapi originate ")
                        && c.endsWith("user/1000 &conference(0*room9-127.0.0.1@default)")),
                freeswitch.receivedCommands().toString());
        assertEquals(1, freeswitch.memberIds("0*room9-127.0.0.1").size(), freeswitch.api("conference list"));
        // listed under the user_id of the row that dialled it (its caller id is the callee's), and kicked by it
        Eventually.until("phone listed", () -> query("SELECT name, user_id FROM conference_members"
                + " WHERE name = 'room9'").equals(List.of("room9|82")), FreeswitchDomainTest::allMembers);
        assertEquals(1, update("DELETE FROM conference_members WHERE name = 'room9' AND user_id = 82"));
        Eventually.until("phone kicked", () -> freeswitch.memberIds("0*room9-127.0.0.1").isEmpty(),
                FreeswitchDomainTest::allMembers);
    }

    private static String allMembers() {
        return query("SELECT * FROM conference_members") + " / FreeSWITCH: " + freeswitch.api("conference list");
    }

    private static int update(String statement) throws SQLException {
        return SqlRows.update(sql, statement);
    }

    /** Rows as {@code a|b|c}. */
    private static List<String> query(String statement) {
        return SqlRows.query(sql, statement);
    }
}
