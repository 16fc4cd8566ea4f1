package org.cometserver.server.e2e;

import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.SqlRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #11 acceptance 1: a phone calls the PIN dial-in (the stand-in runs freeswitch-conf's comet_dialin context and
 * asks the server's real mod_xml_curl endpoint), enters a wrong PIN, then the right one, and joins the room whose
 * {@code conference_settings.pin} it is; it is listed with {@code kind = phone}, user 0 and its number, and is muted
 * and kicked with SQL. Three wrong PINs end the call without a member.
 */
class PhoneDialInTest {
    private static final String CONFERENCE = "0*hall-FSdefaultDomain";
    private static final String USER = "fs";
    private static final String PASSWORD = "dial-in-secret";

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Connection sql;
    private static URI endpoint;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain("FSdefaultDomain");
        server = E2eServer.withFreeswitch(freeswitch, """
                [freeswitch]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                user = %s
                password = %s
                """.formatted(USER, PASSWORD));
        endpoint = URI.create("http://127.0.0.1:" + server.server().xmlCurlPort() + "/directory");
        sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
        assertEquals(1, update("INSERT INTO conference_settings (name, pin) VALUES ('hall', '4321')"));
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
    void aWrongPinThenTheRightOneJoinsAsAPhoneThatIsMutedAndKickedWithSql() throws SQLException {
        int member = freeswitch.dialIn(endpoint, USER, PASSWORD, "7000", "+4930555", "99", "4321");
        assertTrue(member > 0, "the right PIN joins");
        assertEquals(List.of(member), freeswitch.memberIds(CONFERENCE), freeswitch.api("conference list"));
        Eventually.until("phone listed", () -> query("SELECT user_id, member_id, kind, number FROM conference_members"
                + " WHERE name = 'hall'").equals(List.of("0|" + member + "|phone|+4930555")), PhoneDialInTest::allMembers);

        assertEquals(1, update("UPDATE conference_members SET muted = 1 WHERE name = 'hall' AND user_id = 0"));
        assertTrue(freeswitch.isMuted(CONFERENCE, member));

        assertEquals(1, update("DELETE FROM conference_members WHERE name = 'hall' AND user_id = 0"));
        assertTrue(freeswitch.receivedCommands().contains("api conference " + CONFERENCE + " kick " + member),
                freeswitch.receivedCommands().toString());
        Eventually.until("kicked", () -> query("SELECT user_id FROM conference_members WHERE name = 'hall'")
                .isEmpty(), PhoneDialInTest::allMembers);
    }

    @Test
    void threeWrongPinsHangUpWithoutJoining() throws SQLException {
        assertEquals(-1, freeswitch.dialIn(endpoint, USER, PASSWORD, "7000", "+4930666", "1", "2", "3", "4321"));
        assertEquals(List.of(), query("SELECT number FROM conference_members WHERE number = '+4930666'"));
    }

    private static List<String> query(String statement) {
        return SqlRows.query(sql, statement);
    }

    private static String allMembers() {
        return query("SELECT * FROM conference_members") + " / FreeSWITCH: " + freeswitch.api("conference list");
    }

    private static int update(String statement) throws SQLException {
        return SqlRows.update(sql, statement);
    }
}
