package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
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
 * Issue #11 acceptance 2 in Chromium: a page of a room calls a phone number with
 * {@code cometVideoApi.callParticipant}; every page of the room gets {@code CALL_PARTICIPANT} then
 * {@code CALL_PARTICIPANT_CONNECTED} ({@code onCallParticipant}); the phone is listed under the page's user and kicked
 * with {@code DELETE … WHERE user_id = …}; a failing number gives {@code CALL_PARTICIPANT_FAILED} with the cause; a
 * page of a room without {@code allow_dial} gets the error ({@code onCallParticipantError}). The FreeSWITCH side is the
 * stand-in (event socket only), so the pages need no WebRTC and run as ConferenceInChromiumTest's first test does.
 */
class PhoneParticipantsInChromiumTest {
    private static final String CONFERENCE = "0*phones1-FSdefaultDomain";

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Chromium chromium;
    private static Connection sql;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain("FSdefaultDomain");
        server = E2eServer.withFreeswitch(freeswitch);
        chromium = Chromium.launch();
        sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
    }

    @AfterAll
    static void stop() throws SQLException {
        if (sql != null) {
            sql.close();
        }
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        if (freeswitch != null) {
            freeswitch.close();
        }
    }

    @Test
    void aPageCallsAPhoneIntoItsRoomAndEveryPageFollowsTheCall() throws SQLException {
        for (int user : new int[]{81, 82, 83}) {
            update("INSERT INTO users_auth (id, hash) VALUES (" + user + ", 'key" + user + "')");
        }
        update("INSERT INTO conference_settings (name, allow_dial) VALUES ('phones1', 1)");
        try (BrowserPage alice = open("alice81"); BrowserPage bob = open("bob82"); BrowserPage carol = open("carol83")) {
            for (BrowserPage page : List.of(alice, bob, carol)) {
                page.eval("cometVideoApi.start({onCall: rec('call'), onCallParticipant: rec('participant'),"
                        + " onCallParticipantError: rec('refused')})");
            }
            startClient(alice, 81);
            startClient(bob, 82);
            startClient(carol, 83);
            Eventually.until("all online", () -> server.server().hub().isOnline(0, 81)
                    && server.server().hub().isOnline(0, 82) && server.server().hub().isOnline(0, 83),
                    () -> server.server().hub().connectionCount());
            invite("phones1", 81);
            invite("phones1", 82);
            invite("nodial2", 83);
            for (BrowserPage page : List.of(alice, bob, carol)) {
                page.await("call");
            }
            String callPipe = alice.eval("cometVideoApi.lastCall.callPipe").asText();
            Eventually.until("both pages on the call pipe", () -> server.server().hub().subscriberCount(0, callPipe) >= 2,
                    () -> server.server().hub().subscriberCounts(0, 100));

            assertTrue(alice.eval("cometVideoApi.callParticipant('+4930123')").asBoolean(), alice.logs().toString());
            for (BrowserPage page : List.of(alice, bob)) {
                JsonNode dialling = page.await("participant", e -> "CALL_PARTICIPANT".equals(type(e))).value();
                assertEquals(List.of("+4930123", "81"), List.of(dialling.path("number").asText(),
                        dialling.path("user_id").asText()));
                page.await("participant", e -> "CALL_PARTICIPANT_CONNECTED".equals(type(e)));
            }
            Eventually.until("phone listed under alice", () -> query("SELECT user_id, kind, number FROM"
                    + " conference_members WHERE name = 'phones1'").equals(List.of("81|phone|+4930123")),
                    () -> freeswitch.api("conference list"));
            assertEquals(1, update("DELETE FROM conference_members WHERE name = 'phones1' AND user_id = 81"));
            assertEquals(List.of(), freeswitch.memberIds(CONFERENCE));
            bob.await("participant", e -> "CALL_PARTICIPANT_DISCONNECTED".equals(type(e)));

            freeswitch.refuseDial("loopback/+4930999/default", "NO_ANSWER");
            assertTrue(bob.eval("cometVideoApi.callParticipant('+4930999')").asBoolean());
            for (BrowserPage page : List.of(alice, bob)) {
                JsonNode failed = page.await("participant", e -> "CALL_PARTICIPANT_FAILED".equals(type(e))).value();
                assertEquals(List.of("+4930999", "82", "NO_ANSWER"), List.of(failed.path("number").asText(),
                        failed.path("user_id").asText(), failed.path("cause").asText()));
            }

            assertTrue(carol.eval("cometVideoApi.callParticipant('+4930123')").asBoolean());
            JsonNode refused = carol.await("refused").value();
            assertEquals("The room does not allow calling participants (conference_settings.allow_dial)",
                    refused.path("error").asText());
            assertEquals(List.of("nodial2", "+4930123"), List.of(refused.path("room").asText(),
                    refused.path("number").asText()));
        }
    }

    private static String type(BrowserPage.Event event) {
        return event.value().path("type").asText();
    }

    private static void invite(String room, int user) {
        MariadbCli.execute(server.port(), MariadbCli.Tls.SKIP_SSL, "INSERT INTO conference (name, user_id, caller_id,"
                + " message, profile) VALUES ('" + room + "', " + user + ", " + user + ", '{}', 'default')")
                .assertSuccess();
    }

    private static BrowserPage open(String name) {
        return chromium.open(name, server.wsPort());
    }

    private static void startClient(BrowserPage page, int user) {
        page.eval("cometApi.start({node: '127.0.0.1:" + server.wsPort() + "', user_id: " + user + ", user_key: 'key"
                + user + "'})");
    }

    private static int update(String statement) throws SQLException {
        return SqlRows.update(sql, statement);
    }

    private static List<String> query(String statement) {
        return SqlRows.query(sql, statement);
    }
}
