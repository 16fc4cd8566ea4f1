package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.testing.SqlRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, rooms a backend governs (docs/CONFERENCES.md), through real CometQL (Connector/J), a real WebSocket page
 * and the FreeSWITCH stand-in: acceptance 1 (a locked and a full room refuse a join), 3 ({@code CONFERENCE_ENDED}
 * reaches the room's page when max_duration passes, when the backend deletes the room and when the moderator leaves)
 * and 4 (recording started and stopped with SQL appears in {@code conference_recordings}; layout and floor changes
 * send the right commands, and FreeSWITCH's refusals come back as the statement's ERR).
 */
class RoomsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "127.0.0.1";
    private static final AtomicInteger USERS = new AtomicInteger(500);

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;
    private static Connection sql;
    /** What the server's RoomEndListener hook was told: {@code room reason}. */
    private static final List<String> ENDS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int user;
    private JdkWsClient page;

    @BeforeAll
    static void start() throws SQLException {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain(DOMAIN);
        server = E2eServer.withFreeswitch(freeswitch);
        server.server().rooms().ends().addListener((devId, room, reason) -> ENDS.add(room + " " + reason.wire()));
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

    @BeforeEach
    void connectPage() throws SQLException {
        user = USERS.incrementAndGet();
        update("INSERT INTO users_auth (id, hash) VALUES (" + user + ", 'key" + user + "')");
        page = JdkWsClient.connect(server.wsPort(), "/ws/sesion=key" + user + "&myid=" + user
                + "&devid=0&v=4.08&uuid=roomsUUIDroomsUUIDroomsUUIDrooms&api=js");
        assertTrue(page.next().path("authorized").asBoolean());
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    @Test
    void aLockedRoomAndAFullRoomRefuseAJoin() throws SQLException {
        String conference = conference("locked1");
        update("INSERT INTO conference_settings (name, locked) VALUES ('locked1', 1)");
        int first = join("locked1", "00000071");
        // the room started: its settings are applied
        Eventually.until("locked", () -> sent("api conference " + conference + " lock"), freeswitch::receivedCommands);
        assertEquals(-1, freeswitch.addMember(conference, "00000072", "00000072"), "a locked room refuses");
        assertEquals(List.of(first), freeswitch.memberIds(conference));

        assertEquals(1, update("UPDATE conference_settings SET locked = 0, max_members = 2 WHERE name = 'locked1'"));
        assertTrue(sent("api conference " + conference + " unlock"));
        assertTrue(sent("api conference " + conference + " set max_members 2"));
        int second = join("locked1", "00000073");
        assertEquals(-1, freeswitch.addMember(conference, "00000074", "00000074"), "a full room refuses");
        assertEquals(List.of(second, first), freeswitch.memberIds(conference));
        assertEquals(List.of("locked1|0|2"), query("SELECT name, locked, max_members FROM conference_settings"
                + " WHERE name = 'locked1'"));

        // FreeSWITCH's refusal is the statement's ERR, and the row stays as it was
        SQLException refused = assertThrows(SQLException.class,
                () -> update("UPDATE conference_settings SET video_layout = '2x2' WHERE name = 'locked1'"));
        assertEquals("FreeSWITCH " + E2eServer.FREESWITCH_NODE + " refused the settings of room locked1:"
                + " -ERR Conference is not in mixing mode", refused.getMessage());
        assertEquals(List.of(""), query("SELECT video_layout FROM conference_settings WHERE name = 'locked1'"));
        update("DELETE FROM conference_members WHERE name = 'locked1'");
    }

    @Test
    void maxDurationWarnsThenEndsTheRoom() throws Exception {
        String callPipe = invitedToRoom("timed1");
        update("INSERT INTO conference_settings (name, max_duration) VALUES ('timed1', 2)");
        join("timed1", "00000075");
        JsonNode ending = roomNotice(callPipe, "CONFERENCE_ENDING");
        assertEquals("max_duration", ending.path("reason").asText());
        assertTrue(ending.path("seconds").asLong() <= 2, ending.toString());
        assertEquals("max_duration", roomNotice(callPipe, "CONFERENCE_ENDED").path("reason").asText());
        // the listeners hear of it after the pages: the frame may arrive first
        Eventually.until("room end heard", () -> ENDS.contains("timed1 max_duration"), ENDS::toString);
        Eventually.until("everybody kicked", () -> freeswitch.memberIds(conference("timed1")).isEmpty(),
                freeswitch::receivedCommands);
        assertTrue(sent("api conference " + conference("timed1") + " kick all"));
    }

    @Test
    void theBackendDeletingTheRoomEndsIt() throws Exception {
        String callPipe = invitedToRoom("deleted1");
        join("deleted1", "00000076");
        join("deleted1", "00000077");
        Eventually.until("listed", () -> query("SELECT user_id FROM conference_members WHERE name = 'deleted1'")
                .size() == 2, () -> query("SELECT * FROM conference_members"));
        assertEquals(1, update("DELETE FROM conference WHERE name = 'deleted1'"));
        JsonNode ended = roomNotice(callPipe, "CONFERENCE_ENDED");
        assertEquals("backend", ended.path("reason").asText());
        assertEquals("deleted1", ended.path("room").asText());
        // the listeners hear of it after the pages: the frame may arrive first
        Eventually.until("room end heard", () -> ENDS.contains("deleted1 backend"), ENDS::toString);
        assertEquals(List.of(), freeswitch.memberIds(conference("deleted1")));
    }

    @Test
    void theModeratorLeavingEndsTheRoomAndMembersWaitForIt() throws Exception {
        String callPipe = invitedToRoom("moderated1");
        update("INSERT INTO conference_settings (name, moderator, wait_for_moderator, announce)"
                + " VALUES ('moderated1', 78, 1, 1)");
        String conference = conference("moderated1");
        int waiting = join("moderated1", "00000079");
        Eventually.until("held until the moderator comes", () -> sent("api conference " + conference + " hold "
                + waiting), freeswitch::receivedCommands);
        int moderator = join("moderated1", "00000078");
        Eventually.until("released", () -> sent("api conference " + conference + " unhold " + waiting),
                freeswitch::receivedCommands);
        assertTrue(sent("api conference " + conference + " play tone_stream://%(200,0,500,600,700)"),
                "the announcement of a join");
        assertTrue(freeswitch.hangUp(conference, moderator));
        assertEquals("moderator", roomNotice(callPipe, "CONFERENCE_ENDED").path("reason").asText());
        // the listeners hear of it after the pages: the frame may arrive first
        Eventually.until("room end heard", () -> ENDS.contains("moderated1 moderator"), ENDS::toString);
        Eventually.until("everybody kicked", () -> freeswitch.memberIds(conference).isEmpty(),
                freeswitch::receivedCommands);
    }

    @Test
    void recordingStartedAndStoppedWithSqlIsListed() throws SQLException {
        String conference = conference("rec1");
        join("rec1", "00000080");
        assertEquals(1, update("INSERT INTO conference_settings (name, record) VALUES ('rec1', 1)"));
        // sent by the statement when the server already follows the room, else when it sees the room start
        Eventually.until("recording started", () -> freeswitch.receivedCommands().stream()
                .anyMatch(c -> c.startsWith("api conference " + conference + " recording start ")),
                freeswitch::receivedCommands);
        String start = freeswitch.receivedCommands().stream()
                .filter(c -> c.startsWith("api conference " + conference + " recording start ")).findFirst()
                .orElseThrow(() -> new AssertionError(freeswitch.receivedCommands().toString()));
        String path = start.substring(start.lastIndexOf(' ') + 1);
        assertTrue(path.matches("/var/lib/freeswitch/recordings/0_rec1_[0-9]{8}-[0-9]{6}\\.wav"), path);
        Eventually.until("recording listed", () -> query("SELECT room, path, ended, node FROM conference_recordings"
                + " WHERE room = 'rec1'").equals(List.of("rec1|" + path + "|0|" + E2eServer.FREESWITCH_NODE)),
                () -> query("SELECT * FROM conference_recordings"));

        SQLException running = assertThrows(SQLException.class,
                () -> update("DELETE FROM conference_recordings WHERE room = 'rec1'"));
        assertTrue(running.getMessage().contains("is still running"), running.getMessage());

        assertEquals(1, update("UPDATE conference_settings SET record = 0 WHERE name = 'rec1'"));
        assertTrue(sent("api conference " + conference + " recording stop " + path));
        Eventually.until("recording ended", () -> !query("SELECT ended FROM conference_recordings WHERE room = 'rec1'")
                .equals(List.of("0")), () -> query("SELECT * FROM conference_recordings"));
        String[] ended = query("SELECT started, ended, size FROM conference_recordings WHERE room = 'rec1'").get(0)
                .split("\\|");
        assertTrue(Long.parseLong(ended[1]) >= Long.parseLong(ended[0]) && Long.parseLong(ended[2]) >= 44,
                String.join("|", ended));
        assertEquals(1, update("DELETE FROM conference_recordings WHERE room = 'rec1' AND path = '" + path + "'"));
        assertEquals(List.of(), query("SELECT path FROM conference_recordings WHERE room = 'rec1'"));
        update("DELETE FROM conference_members WHERE name = 'rec1'");
    }

    @Test
    void layoutAndFloorChangesSendTheirCommands() throws SQLException {
        // freeswitch-conf's video-mux profile: vid-layout works there
        String conference = conference("video1");
        assertTrue(freeswitch.api("originate {origination_caller_id_number=00000083,origination_caller_id_name=00000083}"
                + "loopback/0*video1*video-mcu-stereo/default &park").startsWith("+OK"));
        int member = freeswitch.memberIds(conference).get(0);
        Eventually.until("member listed", () -> query("SELECT user_id FROM conference_members WHERE name = 'video1'")
                .equals(List.of("83")), () -> query("SELECT * FROM conference_members"));

        assertEquals(1, update("INSERT INTO conference_settings (name, video_layout) VALUES ('video1', '2x2')"));
        assertTrue(sent("api conference " + conference + " vid-layout 2x2"));
        SQLException invalid = assertThrows(SQLException.class,
                () -> update("UPDATE conference_settings SET video_layout = 'nosuch' WHERE name = 'video1'"));
        assertTrue(invalid.getMessage().endsWith("-ERR Invalid layout [nosuch]"), invalid.getMessage());
        assertEquals(List.of("2x2"), query("SELECT video_layout FROM conference_settings WHERE name = 'video1'"));

        // the stand-in's members, like loopback legs on FreeSWITCH, have no video: vid-floor answers -ERR no reply
        SQLException noVideo = assertThrows(SQLException.class,
                () -> update("UPDATE conference_members SET floor = 1 WHERE name = 'video1' AND user_id = 83"));
        assertTrue(sent("api conference " + conference + " vid-floor " + member + " force"));
        assertTrue(noVideo.getMessage().endsWith("-ERR no reply"), noVideo.getMessage());
        assertEquals(List.of("1"), query("SELECT floor FROM conference_members WHERE name = 'video1'"),
                "the audio floor of the only member");
        update("DELETE FROM conference_members WHERE name = 'video1'");
    }

    /** The user is invited to {@code room}; its page subscribes to the room's call pipe; returns the pipe. */
    private String invitedToRoom(String room) throws SQLException {
        update("INSERT INTO conference (name, user_id, message) VALUES ('" + room + "', " + user + ", '{}')");
        JsonNode invitation = page.next(m -> "sys_sipCall".equals(m.path("event").asText()));
        String callPipe = invitation.path("data").path("sys").path("callPipe").asText();
        page.send("subscription\n" + callPipe);
        Eventually.until("page on the call pipe", () -> server.server().hub().subscriberCount(0, callPipe) >= 1,
                () -> server.server().hub().subscriberCounts(0, 100));
        return callPipe;
    }

    /** The next notice {@code event} on the call pipe; its data (JSON text) parsed. */
    private JsonNode roomNotice(String callPipe, String event) throws IOException {
        JsonNode frame = page.next(m -> callPipe.equals(m.path("pipe").asText())
                && event.equals(m.path("event").asText()));
        JsonNode data = frame.path("data");
        return data.isTextual() ? JSON.readTree(data.asText()) : data;
    }

    private static int join(String room, String callerId) {
        int id = freeswitch.addMember(conference(room), callerId, callerId);
        assertTrue(id > 0, "joined " + room);
        return id;
    }

    private static String conference(String room) {
        return "0*" + room + "-" + DOMAIN;
    }

    private static boolean sent(String command) {
        return freeswitch.receivedCommands().contains(command);
    }

    private static int update(String statement) throws SQLException {
        return SqlRows.update(sql, statement);
    }

    private static List<String> query(String statement) {
        return SqlRows.query(sql, statement);
    }
}
