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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #4 acceptance 1 and 2: a backend invites two users with SQL, both pages get {@code sys_sipCall} through
 * {@code cometVideoApi}; members join the FreeSWITCH stand-in and appear in {@code conference_members}; mute, unmute
 * and kick with SQL send the right event-socket commands and change the rows; the room's pages get joined/left
 * notices; a FreeSWITCH that drops its sockets is reconnected to and resynced, and control statements meanwhile fail
 * with a clear error instead of hanging.
 */
class ConferenceInChromiumTest {
    private static final String NODE = "127.0.0.1:7443";
    private static final String ROOM = "0*room1-FSdefaultDomain";

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Chromium chromium;
    private static Connection sql;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        server = E2eServer.embedded("""
                [sip]
                freeswitch = []Server=127.0.0.1,Pwd=ClueCon,Port=%d,WSport=7443
                """.formatted(freeswitch.port()));
        chromium = Chromium.launch();
        sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
        Eventually.until("event socket up", () -> "UP".equals(nodeState()), ConferenceInChromiumTest::nodeState);
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
    void invitedPagesGetTheCallAndSqlControlsTheLiveMembers() throws SQLException {
        execute("INSERT INTO users_auth (id, hash) VALUES (61, 'key61')");
        execute("INSERT INTO users_auth (id, hash) VALUES (62, 'key62')");
        try (BrowserPage alice = open("alice61"); BrowserPage bob = open("bob62")) {
            for (BrowserPage page : List.of(alice, bob)) {
                page.eval("cometVideoApi.start({onCall: rec('call')});"
                        + " cometApi.subscription('msg.sys_sipCall', rec('invitation'))");
            }
            startClient(alice, "user_id: 61, user_key: 'key61'");
            startClient(bob, "user_id: 62, user_key: 'key62'");
            Eventually.until("both users online", () -> server.server().hub().isOnline(0, 61)
                    && server.server().hub().isOnline(0, 62), () -> server.server().hub().connectionCount());

            for (int user : new int[]{61, 62}) {
                MariadbCli.execute(server.port(), MariadbCli.Tls.SKIP_SSL, "INSERT INTO conference (name, user_id,"
                        + " caller_id, message, profile) VALUES ('room1', " + user + ", 61, '{\"topic\":\"demo\"}',"
                        + " 'video')").assertSuccess();
            }
            assertEquals("demo", alice.await("call").data().path("topic").asText());
            assertEquals("demo", bob.await("call").data().path("topic").asText());
            JsonNode aliceCall = alice.await("invitation").data();
            JsonNode bobCall = bob.await("invitation").data();
            for (JsonNode call : List.of(aliceCall, bobCall)) {
                JsonNode sys = call.path("sys");
                assertEquals("0*room1*video", sys.path("sipNumber").asText(), call.toString());
                assertEquals("127.0.0.1", sys.path("serverName").asText());
                assertEquals(7443, sys.path("serverPort").asInt());
            }
            String callPipe = aliceCall.path("sys").path("callPipe").asText();
            assertEquals(callPipe, bobCall.path("sys").path("callPipe").asText(), "one room, one pipe");
            bob.eval("cometApi.subscription('" + callPipe + "', rec('room'))");
            // each page's video API subscribed on the invitation: wait for both, not the first (alice's may be it)
            Eventually.until("both pages on the call pipe", () -> server.server().hub().subscriberCount(0, callPipe)
                    >= 2, () -> server.server().hub().subscriberCounts(0, 100));

            // both browsers dial in: FreeSWITCH knows them by their directory user names
            int aliceMember = freeswitch.addMember(ROOM, "00000061", "00000061");
            int bobMember = freeswitch.addMember(ROOM, "00000062", "00000062");
            Eventually.until("both members listed", () -> query("SELECT user_id FROM conference_members"
                    + " WHERE name = 'room1' ORDER BY user_id").equals(List.of("61", "62")), ConferenceInChromiumTest::allMembers);
            assertEquals(List.of("61|" + aliceMember + "|0|" + NODE), query("SELECT user_id, member_id, muted, node"
                    + " FROM conference_members WHERE name = 'room1' AND user_id = 61"));
            assertTrue(bob.await("room", e -> "joined".equals(e.serverInfo("event").asText())
                    && e.data().path("user_id").asInt() == 61).data().path("member_id").asInt() == aliceMember);

            assertEquals(1, update("UPDATE conference_members SET muted = 1 WHERE name = 'room1' AND user_id = 61"));
            assertTrue(freeswitch.receivedCommands().contains("api conference " + ROOM + " mute " + aliceMember),
                    freeswitch.receivedCommands().toString());
            Eventually.until("alice muted", () -> query("SELECT muted FROM conference_members WHERE name = 'room1'"
                    + " AND user_id = 61").equals(List.of("1")), ConferenceInChromiumTest::allMembers);
            assertEquals(1, update("UPDATE conference_members SET muted = 0 WHERE name = 'room1' AND user_id = 61"));
            Eventually.until("alice unmuted", () -> query("SELECT muted FROM conference_members WHERE name = 'room1'"
                    + " AND user_id = 61").equals(List.of("0")), ConferenceInChromiumTest::allMembers);

            assertEquals(1, update("DELETE FROM conference_members WHERE name = 'room1' AND user_id = 61"));
            assertTrue(freeswitch.receivedCommands().contains("api conference " + ROOM + " kick " + aliceMember),
                    freeswitch.receivedCommands().toString());
            Eventually.until("alice gone", () -> query("SELECT user_id FROM conference_members WHERE name = 'room1'")
                    .equals(List.of("62")), ConferenceInChromiumTest::allMembers);
            bob.await("room", e -> "left".equals(e.serverInfo("event").asText())
                    && e.data().path("user_id").asInt() == 61);
            assertEquals(List.of(bobMember), freeswitch.memberIds(ROOM));
        }
    }

    /**
     * Issue #9: pages load JsSIP from our server, {@code /js/jssip.min.js} (3.x) or CppComet's 2.0.6, and
     * cometVideoApi dials in through it: register, INVITE to the conference with our bandwidth limit, remote media.
     * The SIP side is {@code src/test/browser/sip-standin.js} in the page (the FreeSWITCH stand-in speaks the event
     * socket only).
     */
    @Test
    void servedJsSipOfBothMajorVersionsDialsTheConference() throws Exception {
        execute("INSERT INTO users_auth (id, hash) VALUES (63, 'key63')");
        String sipStandIn = Files.readString(Path.of("src/test/browser/sip-standin.js"));
        String[][] files = {{"jssip.min.js", "3.13.8", "room3"}, {"jssip-2.0.6.min.js", "2.0.6", "room4"}};
        for (String[] jssip : files) { // file, the JsSIP version it holds, a conference room of its own
            try (BrowserPage carol = open("carol63-" + jssip[2])) {
                assertEquals(jssip[1], carol.eval("new Promise((loaded, failed) => {"
                        + " const script = document.createElement('script');"
                        + " script.src = 'http://127.0.0.1:" + server.wsPort() + "/js/" + jssip[0] + "';"
                        + " script.onload = () => loaded(JsSIP.version); script.onerror = failed;"
                        + " document.head.append(script); })").asText());
                carol.eval(sipStandIn);
                // no STUN: the network is closed, and JsSIP sends its offer once ICE gathering is done
                carol.eval("cometVideoApi.start({onCall: rec('call'), onCallEnd: rec('end'), iceServers: []})");
                startClient(carol, "user_id: 63, user_key: 'key63'");
                Eventually.until("carol online", () -> server.server().hub().isOnline(0, 63),
                        () -> server.server().hub().connectionCount());
                MariadbCli.execute(server.port(), MariadbCli.Tls.SKIP_SSL, "INSERT INTO conference (name, user_id,"
                        + " caller_id, message, profile) VALUES ('" + jssip[2] + "', 63, 63, 'hello', 'video')")
                        .assertSuccess();
                carol.await("call");
                assertTrue(carol.eval("cometVideoApi.acceptCall({type: 'none'})").asBoolean(), carol.logs().toString());

                assertEquals("sip:127.0.0.1", carol.await("sip").value().path("uri").asText(), "REGISTER");
                JsonNode invite = carol.await("sip", e -> "INVITE".equals(e.value().path("method").asText())).value();
                assertEquals("sip:0*" + jssip[2] + "*video@127.0.0.1", invite.path("uri").asText());
                assertTrue(invite.path("sdp").asText().contains("b=AS:32"), invite.toString());
                Eventually.until("remote media with JsSIP " + jssip[1], () -> carol.eval(
                        "cometVideoApi.activeCall.remoteStream !== null").asBoolean(), carol::logs);
                assertTrue(carol.eval("cometVideoApi.hangup()").asBoolean());
                carol.await("sip", e -> "BYE".equals(e.value().path("method").asText()));
                assertEquals("hangup", carol.await("end").value().path("status").asText());
            }
            Eventually.until("carol offline", () -> !server.server().hub().isOnline(0, 63),
                    () -> server.server().hub().connectionCount());
        }
    }

    @Test
    void droppedEventSocketIsReconnectedAndResynced() {
        int carol = freeswitch.addMember("0*room2-FSdefaultDomain", "00000071", "00000071");
        int dave = freeswitch.addMember("0*room2-FSdefaultDomain", "00000072", "00000072");
        Eventually.until("room2 listed", () -> query("SELECT user_id FROM conference_members WHERE name = 'room2'"
                + " ORDER BY user_id").equals(List.of("71", "72")), ConferenceInChromiumTest::allMembers);

        freeswitch.stopListening();
        freeswitch.dropAllConnections();
        Eventually.until("node down", () -> !"UP".equals(nodeState()), ConferenceInChromiumTest::nodeState);
        SQLException refused = assertThrows(SQLException.class,
                () -> update("UPDATE conference_members SET muted = 1 WHERE name = 'room2' AND user_id = 71"));
        assertTrue(refused.getMessage().contains("FreeSWITCH node " + NODE + " down"), refused.getMessage());
        // while the socket is gone, Dave hangs up: only the resync can tell
        freeswitch.hangUp("0*room2-FSdefaultDomain", dave);
        freeswitch.startListening();

        Eventually.until("node up again", () -> "UP".equals(nodeState()), ConferenceInChromiumTest::nodeState);
        Eventually.until("room2 resynced", () -> query("SELECT user_id, member_id FROM conference_members"
                + " WHERE name = 'room2'").equals(List.of("71|" + carol)), () -> query("SELECT * FROM conference_members"));
        freeswitch.hangUp("0*room2-FSdefaultDomain", carol);
    }

    private static String allMembers() {
        return query("SELECT * FROM conference_members") + " / FreeSWITCH: " + freeswitch.api("conference list");
    }

    private static BrowserPage open(String name) {
        return chromium.open(name, server.wsPort());
    }

    private static void startClient(BrowserPage page, String options) {
        page.eval("cometApi.start({node: '127.0.0.1:" + server.wsPort() + "', " + options + "})");
    }

    private static String nodeState() {
        List<String> rows = query("SHOW GLOBAL STATUS");
        return rows.stream().filter(r -> r.startsWith("freeswitch_" + NODE + "|")).map(r -> r.split("\\|", 2)[1])
                .findFirst().orElse("absent");
    }

    private static void execute(String statement) throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute(statement);
        }
    }

    private static int update(String statement) throws SQLException {
        return SqlRows.update(sql, statement);
    }

    /** Rows as {@code a|b|c}. */
    private static List<String> query(String statement) {
        return SqlRows.query(sql, statement);
    }
}
