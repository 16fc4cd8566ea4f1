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

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #11 acceptance 5 in a browser: a backend creates a guest pass with SQL; a page without a comet login joins
 * the room with {@code cometVideoApi.joinAsGuest} (JsSIP served by us registers the guest's SIP account and dials
 * the pass's room, against {@code src/test/browser/sip-standin.js}); a second page with the same token is refused;
 * a guest member that turns up in another room of the FreeSWITCH stand-in is kicked over the event socket.
 */
class GuestInChromiumTest {
    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Chromium chromium;
    private static Connection sql;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
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
    void aGuestPageJoinsThePassesRoomOnceAndAnotherRoomKicksIt() throws Exception {
        long guestId;
        String token;
        try (Statement s = sql.createStatement()) {
            s.executeUpdate("INSERT INTO conference_guests (name, display_name, ttl) VALUES ('guestroom', 'Erin', 600)",
                    Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertTrue(keys.next());
                guestId = keys.getLong(1);
            }
            token = SqlRows.query(sql, "SELECT token FROM conference_guests WHERE guest_id = " + guestId).get(0);
        }
        String sipUser = String.format("%06d%d", 0, guestId);
        String sipStandIn = Files.readString(Path.of("src/test/browser/sip-standin.js"));
        try (BrowserPage erin = open("erin-guest"); BrowserPage mallory = open("mallory-guest")) {
            for (BrowserPage page : List.of(erin, mallory)) {
                loadJsSip(page);
                page.eval(sipStandIn);
                // no comet login: start() only takes the callbacks; no STUN, the network is closed
                page.eval("cometVideoApi.start({onCallStart: rec('start'), onCallEnd: rec('end'), iceServers: []})");
            }
            erin.eval("cometVideoApi.joinAsGuest({token: '" + token + "', server: '" + comet() + "', profile: 'video',"
                    + " type: 'none'})"
                    + ".then(rec('joined'), (e) => rec('refused')({status: e.status, message: e.message}))");
            JsonNode joined = erin.await("joined").value();
            assertEquals(guestId, joined.path("userId").asLong(), joined.toString());
            assertEquals("guestroom", joined.path("conference_name").asText());
            assertTrue(joined.path("sipPassword").isMissingNode(), joined.toString());

            JsonNode register = erin.await("sip").value();
            assertEquals("REGISTER", register.path("method").asText());
            JsonNode invite = erin.await("sip", e -> "INVITE".equals(e.value().path("method").asText())).value();
            assertEquals("sip:0*guestroom*video@fs.example.com", invite.path("uri").asText());
            Eventually.until("remote media for the guest", () -> erin.eval(
                    "cometVideoApi.activeCall.remoteStream !== null").asBoolean(), erin::logs);
            assertEquals(sipUser, erin.eval("cometVideoApi.activeCall.userAgent.configuration.authorization_user")
                    .asText(), "registered with the guest's SIP name");

            // the same token in another browser: refused, nothing dialled
            mallory.eval("cometVideoApi.joinAsGuest({token: '" + token + "', server: '" + comet() + "', type: 'none'})"
                    + ".then(rec('joined'), (e) => rec('refused')({status: e.status, message: e.message}))");
            JsonNode refused = mallory.await("refused").value();
            assertEquals(404, refused.path("status").asInt(), refused.toString());
            assertEquals(List.of(), mallory.events("sip"));

            // FreeSWITCH lets the guest into another room (no comet_guest dialplan): the server kicks it
            int intruder = freeswitch.addMember("0*otherroom-FSdefaultDomain", sipUser, sipUser);
            Eventually.until("guest kicked from otherroom", () -> freeswitch.receivedCommands().contains(
                    "api conference 0*otherroom-FSdefaultDomain kick " + intruder), () -> freeswitch.receivedCommands().toString());
            int member = freeswitch.addMember("0*guestroom-FSdefaultDomain", sipUser, sipUser);
            Eventually.until("guest listed in its room", () -> SqlRows.query(sql, "SELECT user_id FROM conference_members"
                    + " WHERE name = 'guestroom'").equals(List.of(Long.toString(guestId))),
                    () -> SqlRows.query(sql, "SELECT * FROM conference_members").toString());
            assertTrue(freeswitch.receivedCommands().stream().noneMatch(c -> c.endsWith("kick " + member)),
                    freeswitch.receivedCommands().toString());

            assertTrue(erin.eval("cometVideoApi.hangup()").asBoolean());
            erin.await("sip", e -> "BYE".equals(e.value().path("method").asText()));
            assertEquals("hangup", erin.await("end").value().path("status").asText());
            freeswitch.hangUp("0*guestroom-FSdefaultDomain", member);
        }
    }

    private static void loadJsSip(BrowserPage page) {
        page.eval("new Promise((loaded, failed) => { const script = document.createElement('script');"
                + " script.src = 'http://127.0.0.1:" + server.wsPort() + "/js/jssip.min.js';"
                + " script.onload = () => loaded(JsSIP.version); script.onerror = failed;"
                + " document.head.append(script); })");
    }

    /** The comet node the pages redeem passes at (no comet login: joinAsGuest is told it). */
    private static String comet() {
        return "http://127.0.0.1:" + server.wsPort();
    }

    private static BrowserPage open(String name) {
        return chromium.open(name, server.wsPort());
    }
}
