package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.esl.standin.SipDevice;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.testing.SqlRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10 acceptance 2 and 3 (SIP): calls of browser users through FreeSWITCH (the stand-in emulating its channels,
 * with the SIP devices and browsers registered there), seen by the browser user's WebSocket connection as
 * {@code _calls}/{@code sipStatus} frames and by a backend in the {@code calls} table (Connector/J), controlled with
 * UPDATE/DELETE and placed with INSERT (click-to-call). The browser's own SIP side (JsSIP) is tested in js-client.
 */
class SipCallsEndToEndTest {
    private static final AtomicInteger USERS = new AtomicInteger(40);

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Connection sql;

    private long user;
    private String sipName;
    /** SIP users of this test only: registrations and live legs of other tests do not get in the way. */
    private String phone;
    private String otherPhone;
    private JdkWsClient browser;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain("FSdefaultDomain");
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

    /** A fresh browser user for each test: its own calls, its own connection. */
    @BeforeEach
    void connectBrowserUser() throws SQLException {
        user = USERS.incrementAndGet();
        sipName = String.format("%06d%d", 0, user);
        phone = String.valueOf(2000 + user);
        otherPhone = String.valueOf(3000 + user);
        try (Statement s = sql.createStatement()) {
            s.execute("INSERT INTO users_auth (id, hash) VALUES (" + user + ", 'key" + user + "')");
        }
        browser = JdkWsClient.connect(server.wsPort(), "/ws/sesion=key" + user + "&myid=" + user
                + "&devid=0&v=4.08&uuid=sipCallsUUIDsipCallsUUIDsipCalls&api=js");
        assertTrue(browser.next().path("authorized").asBoolean());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aBrowserCallToASipUserIsEstablishedHeldUnheldGetsDtmfAndFinishes() throws SQLException {
        freeswitch.register(phone, SipDevice.RING);
        String leg = freeswitch.call(sipName, sipName, phone);
        JsonNode ring = status("RING");
        assertEquals(leg, ring.path("session_id").asText(), "the session id is the browser's leg");
        assertEquals(List.of("out", phone, phone), List.of(ring.path("direction").asText(),
                ring.path("peer").asText(), ring.path("dial").asText()));
        assertEquals(List.of(leg + "|" + user + "|" + user + "|RING|sip|" + phone + "|0"),
                query("SELECT session_id, caller_id, user_id, state, kind, dial, hold FROM calls WHERE user_id = " + user));

        assertTrue(freeswitch.answer(freeswitch.legsOf(phone).get(0)));
        status("ESTABLISHED");
        rowState(leg, "ESTABLISHED|0");

        assertEquals(1, update("UPDATE calls SET hold = 1 WHERE session_id = '" + leg + "'"));
        assertTrue(freeswitch.receivedCommands().contains("api uuid_hold " + leg), freeswitch.receivedCommands().toString());
        status("HOLD");
        assertTrue(freeswitch.isHeld(leg));
        rowState(leg, "HOLD|1");
        SQLException heldTwice = assertThrows(SQLException.class,
                () -> update("UPDATE calls SET hold = 1 WHERE session_id = '" + leg + "'"));
        assertEquals(12, heldTwice.getErrorCode());
        assertTrue(heldTwice.getMessage().contains("is on hold already"), heldTwice.getMessage());

        assertEquals(1, update("UPDATE calls SET hold = 0 WHERE session_id = '" + leg + "'"));
        status("ESTABLISHED");
        rowState(leg, "ESTABLISHED|0");
        SQLException notHeld = assertThrows(SQLException.class,
                () -> update("UPDATE calls SET hold = 0 WHERE session_id = '" + leg + "'"));
        assertEquals(12, notHeld.getErrorCode());
        assertEquals("Call " + leg + " is not on hold (ESTABLISHED): nothing to unhold", notHeld.getMessage());

        String phoneLeg = freeswitch.legsOf(phone).get(0);
        assertEquals(1, update("UPDATE calls SET dtmf = '12#' WHERE user_id = " + user));
        assertTrue(freeswitch.receivedCommands().contains("api uuid_send_dtmf " + phoneLeg + " 12#"),
                freeswitch.receivedCommands().toString());
        SQLException badDigits = assertThrows(SQLException.class,
                () -> update("UPDATE calls SET dtmf = '12x' WHERE session_id = '" + leg + "'"));
        assertEquals(12, badDigits.getErrorCode());
        assertTrue(badDigits.getMessage().contains("'x'"), badDigits.getMessage());

        assertTrue(freeswitch.hangUpChannel(leg)); // the browser hangs up
        JsonNode finish = status("FINISH");
        assertEquals("NORMAL_CLEARING", finish.path("cause").asText());
        assertTrue(finish.has("duration"), finish.toString());
        List<String> row = query("SELECT state, sip_cause, ended, stats FROM calls WHERE session_id = '" + leg + "'");
        assertEquals(1, row.size(), row.toString());
        String[] cells = row.get(0).split("\\|", 4);
        assertEquals(List.of("FINISH", "NORMAL_CLEARING"), List.of(cells[0], cells[1]), row.toString());
        assertTrue(Long.parseLong(cells[2]) > 0, row.toString());
        assertTrue(cells[3].startsWith("{\"rtp_audio_in_"), "FreeSWITCH's RTP figures: " + row);

        SQLException ended = assertThrows(SQLException.class,
                () -> update("UPDATE calls SET hold = 1 WHERE session_id = '" + leg + "'"));
        assertEquals(15, ended.getErrorCode());
        assertTrue(ended.getMessage().contains("has ended (FINISH NORMAL_CLEARING)"), ended.getMessage());
        assertEquals(1, update("DELETE FROM calls WHERE session_id = '" + leg + "'"), "a finished call is forgotten");
        assertEquals(List.of(), query("SELECT state FROM calls WHERE session_id = '" + leg + "'"));
    }

    @Test
    void aTransferMovesTheOtherEndAndTheBrowsersLegEnds() throws SQLException {
        freeswitch.register(phone, SipDevice.ANSWER);
        freeswitch.register(otherPhone, SipDevice.RING);
        String leg = freeswitch.call(sipName, sipName, phone);
        status("ESTABLISHED");
        String phoneLeg = freeswitch.legsOf(phone).get(0);
        SQLException badDialString = assertThrows(SQLException.class, () -> update(
                "UPDATE calls SET transfer = 'user/1001,hangup' WHERE session_id = '" + leg + "'"));
        assertTrue(badDialString.getMessage().contains("inline transfer"), badDialString.getMessage());
        assertEquals(1, update("UPDATE calls SET transfer = '" + otherPhone + "' WHERE session_id = '" + leg + "'"));
        assertTrue(freeswitch.receivedCommands().contains("api uuid_transfer " + phoneLeg + " " + otherPhone + " XML default"),
                freeswitch.receivedCommands().toString());
        Eventually.until("the transfer target rings", () -> !freeswitch.legsOf(otherPhone).isEmpty(), freeswitch::channelUuids);
        status("FINISH");
    }

    @Test
    void aTransferToADialStringBridgesTheOtherEndInline() throws SQLException {
        freeswitch.register(phone, SipDevice.ANSWER);
        freeswitch.register(otherPhone, SipDevice.RING);
        String leg = freeswitch.call(sipName, sipName, phone);
        status("ESTABLISHED");
        String phoneLeg = freeswitch.legsOf(phone).get(0);
        assertEquals(1, update("UPDATE calls SET transfer = 'user/" + otherPhone + "' WHERE session_id = '" + leg + "'"));
        assertTrue(freeswitch.receivedCommands().contains(
                "api uuid_transfer " + phoneLeg + " bridge:user/" + otherPhone + " inline"),
                freeswitch.receivedCommands().toString());
        Eventually.until("the dial string rings", () -> !freeswitch.legsOf(otherPhone).isEmpty(), freeswitch::channelUuids);
        status("FINISH");
    }

    @Test
    void aSipDeviceCallingABrowserUserRingsItWithTheCallersNumberAndName() throws SQLException {
        freeswitch.register(sipName, SipDevice.RING);
        String phoneLeg = freeswitch.call(phone, "Bob", sipName);
        JsonNode ring = status("RING");
        assertEquals(List.of("in", phone, "Bob"), List.of(ring.path("direction").asText(), ring.path("peer").asText(),
                ring.path("peer_name").asText()));
        String leg = ring.path("session_id").asText();
        assertEquals(List.of(leg), freeswitch.legsOf(sipName));
        assertEquals(sipName, ring.path("device").asText(), "the registration rung (the stand-in's contact user)");
        assertEquals(List.of("0|" + user + "|RING|" + phone),
                query("SELECT caller_id, user_id, state, peer FROM calls WHERE session_id = '" + leg + "'"));
        assertTrue(freeswitch.answer(leg)); // the browser answers
        status("ESTABLISHED");
        assertEquals(1, update("DELETE FROM calls WHERE session_id = '" + leg + "'"));
        assertTrue(freeswitch.receivedCommands().contains("api uuid_kill " + leg), freeswitch.receivedCommands().toString());
        status("FINISH");
        Eventually.until("the phone's leg ends too", () -> !freeswitch.channelUuids().contains(phoneLeg),
                freeswitch::channelUuids);
    }

    @Test
    void aBusyAndAnUnknownDestinationFailWithTheirCause() {
        freeswitch.register(otherPhone, SipDevice.BUSY);
        freeswitch.call(sipName, sipName, otherPhone);
        JsonNode busy = status("FAILED");
        assertEquals("USER_BUSY", busy.path("cause").asText(), busy.toString());
        String busyLeg = busy.path("session_id").asText();
        assertEquals(List.of("FAILED|USER_BUSY|0"),
                query("SELECT state, sip_cause, answered FROM calls WHERE session_id = '" + busyLeg + "'"));

        freeswitch.call(sipName, sipName, "7777");
        JsonNode unknown = status("FAILED");
        assertEquals("NO_ROUTE_DESTINATION", unknown.path("cause").asText(), unknown.toString());
    }

    @Test
    void clickToCallRingsTheBrowserAndBridgesItToTheDial() throws SQLException {
        freeswitch.register(sipName, SipDevice.ANSWER);
        freeswitch.register(phone, SipDevice.ANSWER);
        assertEquals(1, update("INSERT INTO calls (user_id, dial, call_type, user_info) VALUES (" + user
                + ", 'user/" + phone + "', 1, '{\"crm\":42}')"));
        assertTrue(freeswitch.receivedCommands().stream().anyMatch(c -> c.startsWith("bgapi originate {") && !c.contains("origination_uuid")
                        && c.contains("comet_direction=c2c") && c.contains("comet_user_id=" + user)
                        && c.endsWith("}user/" + sipName + "@FSdefaultDomain &bridge({origination_caller_id_number="
                        + sipName + ",origination_caller_id_name=" + sipName + "}user/" + phone + ")")),
                freeswitch.receivedCommands().toString());
        JsonNode ring = status("RING");
        assertEquals(List.of("c2c", "user/" + phone, 1), List.of(ring.path("direction").asText(), ring.path("dial").asText(),
                ring.path("call_type").asInt()));
        status("ESTABLISHED");
        String leg = ring.path("session_id").asText();
        Eventually.until("bridged to the phone", () -> query("SELECT caller_id, user_id, call_type, state, dial, user_info"
                        + " FROM calls WHERE session_id = '" + leg + "'")
                .equals(List.of(user + "|" + user + "|1|ESTABLISHED|user/" + phone + "|{\"crm\":42}")),
                () -> query("SELECT * FROM calls WHERE user_id = " + user));
        assertFalse(freeswitch.legsOf(phone).isEmpty());
    }

    @Test
    void clickToCallToAUserWithNoBrowserIsAnErrorWithFreeswitchsCause() {
        SQLException refused = assertThrows(SQLException.class, () -> update(
                "INSERT INTO calls (user_id, dial, call_type) VALUES (" + user + ", '" + phone + "', 2)"));
        assertEquals(500, refused.getErrorCode());
        assertTrue(refused.getMessage().endsWith("refused click-to-call " + phone + ": -ERR USER_NOT_REGISTERED"),
                refused.getMessage());
        assertEquals(List.of("FAILED|USER_NOT_REGISTERED|" + phone),
                query("SELECT state, sip_cause, dial FROM calls WHERE user_id = " + user));
        assertEquals("USER_NOT_REGISTERED", status("FAILED").path("cause").asText());
    }

    @Test
    void updatesOfNoCallAreErrors() {
        SQLException unknown = assertThrows(SQLException.class,
                () -> update("UPDATE calls SET hold = 1 WHERE session_id = 'no-such-call'"));
        assertEquals(15, unknown.getErrorCode());
        assertEquals("No live call matches the WHERE clause", unknown.getMessage());
    }

    /**
     * The data of the browser's next {@code sipStatus} frame in {@code state}; frames of other states before it (a
     * RING before a FAILED, a new peer while ESTABLISHED) are passed over.
     */
    private JsonNode status(String state) {
        JsonNode frame = browser.next(f -> "_calls".equals(f.path("pipe").asText())
                && "sipStatus".equals(f.path("event").asText()) && state.equals(f.path("data").path("state").asText()));
        return frame.path("data");
    }

    private void rowState(String leg, String expected) {
        Eventually.until("row " + expected, () -> query("SELECT state, hold FROM calls WHERE session_id = '" + leg + "'")
                .equals(List.of(expected)), () -> query("SELECT * FROM calls WHERE session_id = '" + leg + "'"));
    }

    private static int update(String statement) throws SQLException {
        return SqlRows.update(sql, statement);
    }

    private static List<String> query(String statement) {
        return SqlRows.query(sql, statement);
    }
}
