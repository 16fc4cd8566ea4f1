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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #11 acceptance 2 over the WebSocket protocol (the Chromium variant drives cometVideoApi.callParticipant): a page
 * in a room calls a phone number with {@code call_participant}; every page of the room gets {@code CALL_PARTICIPANT}
 * then {@code CALL_PARTICIPANT_CONNECTED} on the room's call pipe; the phone is listed under the page's user with
 * {@code kind = phone} and kicked with {@code DELETE … WHERE user_id = …} ({@code _DISCONNECTED}); a failing number
 * gives {@code CALL_PARTICIPANT_FAILED} with FreeSWITCH's cause; a user not in the room, and a room without
 * {@code allow_dial}, get an error frame.
 */
class ParticipantCallsEndToEndTest {
    private static final String ROOM = "dial1";
    private static final String CONFERENCE = "0*dial1-FSdefaultDomain";

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Connection sql;
    private static JdkWsClient caller;
    private static JdkWsClient other;
    private static String callPipe;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain("FSdefaultDomain");
        server = E2eServer.withFreeswitch(freeswitch);
        sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
        for (int user : List.of(51, 52, 53)) {
            SqlRows.update(sql, "INSERT INTO users_auth (id, hash) VALUES (" + user + ", 'key" + user + "')");
        }
        caller = page(51);
        other = page(52);
        SqlRows.update(sql, "INSERT INTO conference (name, user_id, caller_id, message) VALUES ('" + ROOM + "', 51, 51, '{}')");
        SqlRows.update(sql, "INSERT INTO conference (name, user_id, caller_id, message) VALUES ('" + ROOM + "', 52, 51, '{}')");
        callPipe = invitation(caller).path("sys").path("callPipe").asText();
        assertEquals(callPipe, invitation(other).path("sys").path("callPipe").asText());
        for (JdkWsClient page : List.of(caller, other)) {
            page.send("subscription\n" + callPipe);
        }
        // the subscription has no reply: the tests' first notices must find both pages in the hub
        Eventually.until("both pages on the call pipe", () -> server.server().hub().subscriberCount(0, callPipe) == 2,
                () -> server.server().hub().subscriberCounts(0, 100));
        SqlRows.update(sql, "INSERT INTO conference_settings (name, allow_dial) VALUES ('" + ROOM + "', 1)");
    }

    @AfterAll
    static void stop() throws SQLException {
        for (JdkWsClient page : new JdkWsClient[]{caller, other}) {
            if (page != null) {
                page.close();
            }
        }
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
    void everyPageOfTheRoomFollowsTheCallAndThePhoneIsKickedUnderTheCallersUser() throws SQLException {
        caller.send("call_participant\n{\"room\":\"" + ROOM + "\",\"number\":\"+4930123\"}");
        for (JdkWsClient page : List.of(caller, other)) {
            // the room's joined notice and the call's own notices come in no fixed order
            Map<String, JsonNode> seen = notices(page, Set.of("CALL_PARTICIPANT", "CALL_PARTICIPANT_CONNECTED", "joined"));
            JsonNode dialling = seen.get("CALL_PARTICIPANT");
            assertEquals(List.of("+4930123", "51"), List.of(dialling.path("number").asText(),
                    dialling.path("user_id").asText()));
            // the room's own notice names the phone as conference_members does, even though FreeSWITCH's add-member
            // event came before the originate's answer (the server chose the channel's uuid)
            JsonNode joined = seen.get("joined");
            assertEquals(List.of("51", "phone", "+4930123"), List.of(joined.path("user_id").asText(),
                    joined.path("kind").asText(), joined.path("number").asText()));
        }
        assertTrue(freeswitch.receivedCommands().stream().anyMatch(c -> c.contains("{origination_uuid=")
                && c.contains("loopback/+4930123/default")), freeswitch.receivedCommands().toString());
        Eventually.until("phone listed", () -> query("SELECT user_id, kind, number FROM conference_members WHERE name = '"
                + ROOM + "'").equals(List.of("51|phone|+4930123")), () -> freeswitch.api("conference list"));

        assertEquals(1, SqlRows.update(sql, "DELETE FROM conference_members WHERE name = '" + ROOM + "' AND user_id = 51"));
        assertTrue(freeswitch.memberIds(CONFERENCE).isEmpty(), freeswitch.api("conference list"));
        for (JdkWsClient page : List.of(caller, other)) {
            assertEquals("+4930123", notice(page, "CALL_PARTICIPANT_DISCONNECTED").path("number").asText());
        }
    }

    @Test
    void aFailingNumberIsReportedWithItsCause() {
        freeswitch.refuseDial("loopback/+4930999/default", "USER_BUSY");
        other.send("call_participant\n{\"room\":\"" + ROOM + "\",\"number\":\"+4930999\"}");
        for (JdkWsClient page : List.of(caller, other)) {
            JsonNode failed = notice(page, "CALL_PARTICIPANT_FAILED");
            assertEquals(List.of("+4930999", "52", "USER_BUSY"), List.of(failed.path("number").asText(),
                    failed.path("user_id").asText(), failed.path("cause").asText()));
        }
    }

    @Test
    void aUserOutsideTheRoomABadNumberAndARoomWithoutAllowDialAreRefused() throws SQLException {
        try (JdkWsClient stranger = page(53)) {
            stranger.send("call_participant\n{\"room\":\"" + ROOM + "\",\"number\":\"+4930123\"}");
            JsonNode error = error(stranger);
            assertEquals("Only a member or invitee of the room may call participants into it",
                    error.path("error").asText());
            assertEquals(List.of(ROOM, "+4930123"), List.of(error.path("room").asText(), error.path("number").asText()));
        }
        caller.send("call_participant\n{\"room\":\"" + ROOM + "\",\"number\":\"sofia/gateway/gw/1\"}");
        assertEquals("The number must be + and 3 to 15 digits, or 3 to 15 digits", error(caller).path("error").asText());

        SqlRows.update(sql, "INSERT INTO conference (name, user_id, caller_id, message) VALUES ('nodial', 51, 51, '{}')");
        caller.send("call_participant\n{\"room\":\"nodial\",\"number\":\"+4930123\"}");
        assertEquals("The room does not allow calling participants (conference_settings.allow_dial)",
                error(caller).path("error").asText());
        caller.send("call_participant\nnot json");
        assertTrue(error(caller).path("error").asText().startsWith("call_participant expects"));
    }

    /** Voximplant's ICE_FAILED: a page whose leg failed ICE after its restart tells the room. */
    @Test
    void anIceFailureIsReportedToEveryPageOfTheRoom() {
        caller.send("conference_ice_failed\n{\"room\":\"" + ROOM + "\"}");
        for (JdkWsClient page : List.of(caller, other)) {
            assertEquals("51", notice(page, "ICE_FAILED").path("user_id").asText());
        }
        try (JdkWsClient stranger = page(53)) {
            stranger.send("conference_ice_failed\n{\"room\":\"" + ROOM + "\"}");
            assertEquals("Only a member or invitee of the room may report its ICE failures",
                    error(stranger).path("error").asText());
        }
    }

    private static JdkWsClient page(int user) {
        JdkWsClient page = JdkWsClient.connect(server.wsPort(), "/ws/sesion=key" + user + "&myid=" + user
                + "&devid=0&v=4.08&uuid=participantsUUIDparticipantsUUID" + user + "&api=js");
        assertTrue(page.next().path("authorized").asBoolean());
        return page;
    }

    private static JsonNode invitation(JdkWsClient page) {
        return JdkWsClient.data(page.next(f -> "sys_sipCall".equals(f.path("event").asText())));
    }

    private static JsonNode notice(JdkWsClient page, String event) {
        return JdkWsClient.data(page.next(f -> callPipe.equals(f.path("pipe").asText())
                && event.equals(f.path("event").asText())));
    }

    /** The data of the first notice of each of {@code events} on the room's pipe, whatever their order. */
    private static Map<String, JsonNode> notices(JdkWsClient page, Set<String> events) {
        Map<String, JsonNode> seen = new HashMap<>();
        while (!seen.keySet().containsAll(events)) {
            JsonNode frame = page.next(f -> callPipe.equals(f.path("pipe").asText())
                    && events.contains(f.path("event").asText()));
            seen.putIfAbsent(frame.path("event").asText(), JdkWsClient.data(frame));
        }
        return seen;
    }

    private static JsonNode error(JdkWsClient page) {
        return page.next(f -> "error".equals(f.path("event").asText()) && "sys".equals(f.path("pipe").asText()))
                .path("data");
    }

    private static List<String> query(String statement) {
        return SqlRows.query(sql, statement);
    }
}
