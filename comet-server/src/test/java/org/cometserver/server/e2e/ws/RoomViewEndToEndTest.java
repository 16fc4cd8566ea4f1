package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.testing.SqlRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #11 acceptance 3 over the WebSocket protocol: a page joining a running room gets its full member list (kinds,
 * mute state, talking, video) with {@code conference_members}; the backend's {@code dial} column is announced as
 * {@code CALL_PARTICIPANT}/{@code _CONNECTED} like a page's call; {@code CONFERENCE_ENDED} reaches every page of the
 * room when the backend deletes it and when its {@code max_duration} passes.
 */
class RoomViewEndToEndTest {

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Connection sql;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain("FSdefaultDomain");
        server = E2eServer.withFreeswitch(freeswitch);
        sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
        for (int user : List.of(61, 62, 63, 64, 65)) {
            SqlRows.update(sql, "INSERT INTO users_auth (id, hash) VALUES (" + user + ", 'key" + user + "')");
        }
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
    void aJoiningPageGetsTheFullListAndEveryPageHearsTheBackendEndTheRoom() throws SQLException {
        List<Page> pages = invitedPages("view1", 62, 63);
        try {
            String pipe = pages.get(0).pipe;
            // the room runs: a browser user (61), a SIP device, and a phone the backend dials for user 62
            assertTrue(freeswitch.api("originate {origination_caller_id_number=00000061,origination_caller_id_name="
                    + "00000061}loopback/0*view1*default/default &park").startsWith("+OK"));
            freeswitch.addMember("0*view1-FSdefaultDomain", "1001", "Desk phone");
            SqlRows.update(sql, "INSERT INTO conference (name, user_id, caller_id, message, dial) VALUES"
                    + " ('view1', 62, 62, '{}', 'sofia/gateway/gw/+4930888')");
            for (Page page : pages) {
                assertEquals("sofia/gateway/gw/+4930888", notice(page, pipe, "CALL_PARTICIPANT").path("number").asText());
                assertEquals("62", notice(page, pipe, "CALL_PARTICIPANT_CONNECTED").path("user_id").asText());
            }

            Page joining = pages.get(1);
            joining.ws.send("conference_members\n{\"room\":\"view1\"}");
            JsonNode list = joining.ws.next(f -> "conference_members".equals(f.path("event").asText())).path("data");
            assertEquals("view1", list.path("room").asText());
            List<String> members = new ArrayList<>();
            list.path("members").forEach(m -> members.add(m.path("user_id").asText() + "|" + m.path("kind").asText()
                    + "|" + m.path("number").asText() + "|" + m.path("muted").asBoolean() + "|"
                    + m.path("talking").asBoolean() + "|" + m.path("video").asBoolean()));
            assertEquals(List.of("61|web||false|false|false", "0|sip|1001|false|false|false",
                    "62|phone|sofia/gateway/gw/+4930888|false|false|false"), members); // in the order they joined

            SqlRows.update(sql, "DELETE FROM conference WHERE name = 'view1'");
            for (Page page : pages) {
                assertEquals("backend", notice(page, pipe, "CONFERENCE_ENDED").path("reason").asText());
            }
        } finally {
            pages.forEach(Page::close);
        }
    }

    @Test
    void everyPageHearsTheRoomEndWhenMaxDurationPasses() throws SQLException {
        SqlRows.update(sql, "INSERT INTO conference_settings (name, max_duration) VALUES ('ends2', 1)");
        List<Page> pages = invitedPages("ends2", 64, 65);
        try {
            assertTrue(freeswitch.api("originate {origination_caller_id_number=00000064,origination_caller_id_name="
                    + "00000064}loopback/0*ends2*default/default &park").startsWith("+OK"));
            for (Page page : pages) {
                assertEquals("max_duration", notice(page, page.pipe, "CONFERENCE_ENDED").path("reason").asText());
            }
        } finally {
            pages.forEach(Page::close);
        }
    }

    /** A connected page of an invited user, subscribed to the room's call pipe. */
    private record Page(JdkWsClient ws, String pipe) {
        void close() {
            ws.close();
        }
    }

    private static List<Page> invitedPages(String room, int... users) throws SQLException {
        List<Page> pages = new ArrayList<>();
        for (int user : users) {
            JdkWsClient ws = JdkWsClient.connect(server.wsPort(), "/ws/sesion=key" + user + "&myid=" + user
                    + "&devid=0&v=4.08&uuid=roomViewUUIDroomViewUUIDroomView" + user + "&api=js");
            assertTrue(ws.next().path("authorized").asBoolean());
            SqlRows.update(sql, "INSERT INTO conference (name, user_id, caller_id, message) VALUES ('" + room + "', "
                    + user + ", " + users[0] + ", '{}')");
            String pipe = JdkWsClient.data(ws.next(f -> "sys_sipCall".equals(f.path("event").asText()))).path("sys")
                    .path("callPipe").asText();
            ws.send("subscription\n" + pipe);
            pages.add(new Page(ws, pipe));
            // the subscription has no reply: a publication made before the hub has it would not reach this page
            int subscribed = pages.size();
            Eventually.until("page " + user + " on the call pipe",
                    () -> server.server().hub().subscriberCount(0, pipe) >= subscribed,
                    () -> server.server().hub().subscriberCounts(0, 100));
        }
        return pages;
    }

    private static JsonNode notice(Page page, String pipe, String event) {
        return JdkWsClient.data(page.ws().next(f -> pipe.equals(f.path("pipe").asText())
                && event.equals(f.path("event").asText())));
    }

}
