package org.cometserver.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.server.e2e.MariadbCli.Tls;
import org.cometserver.server.e2e.ws.CallPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code calls} table for P2P calls (issue #10, acceptance 3) read and ended by backends as they are written:
 * the {@code mariadb} command line client and PHP mysqli, while the pages of the call are connected.
 */
class P2pCallsCometQlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static E2eServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = E2eServer.embedded();
        CallPage.register(server.port(), MariadbCli.PASSWORD, 0, 1, 2, 3, 4, 5, 6);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** User {@code caller} calls {@code callee} and {@code ringing}; {@code callee} answers. */
    private static void establish(String session, CallPage caller, CallPage callee, CallPage ringing) {
        caller.signal("{'signalType':'call','sessionID':'" + session + "','callType':2,'sdp':'o','opponentsIDs':["
                + callee.userId + "," + ringing.userId + "],'userInfo':{'topic':'q'}}");
        callee.expect("call");
        ringing.expect("call");
        callee.signal("{'signalType':'accept','sessionID':'" + session + "','to':" + caller.userId + ",'sdp':'a'}");
        caller.expect("accept");
    }

    @Test
    void mariadbCliSelectsTheLegsAndDeleteHangsUpEveryPage() {
        try (CallPage caller = CallPage.open(server.wsPort(), 0, 1);
             CallPage callee = CallPage.open(server.wsPort(), 0, 2);
             CallPage ringing = CallPage.open(server.wsPort(), 0, 3)) {
            establish("cli-1", caller, callee, ringing);

            ClientProcess.Result select = MariadbCli.execute(server.port(), Tls.SKIP_SSL, "SELECT session_id, "
                    + "caller_id, user_id, call_type, state, kind, user_info FROM calls WHERE session_id = 'cli-1'",
                    "--batch").assertSuccess();
            assertEquals("session_id\tcaller_id\tuser_id\tcall_type\tstate\tkind\tuser_info\n"
                    + "cli-1\t1\t2\t2\tESTABLISHED\tp2p\t{\"topic\":\"q\"}\n"
                    + "cli-1\t1\t3\t2\tRING\tp2p\t{\"topic\":\"q\"}\n", select.stdout());
            ClientProcess.Result byUser = MariadbCli.execute(server.port(), Tls.SKIP_SSL,
                    "SELECT user_id, state FROM calls WHERE user_id = 3", "--batch", "-N")
                    .assertSuccess();
            assertEquals("3\tRING\n", byUser.stdout());
            ClientProcess.Result hold = MariadbCli.execute(server.port(), Tls.SKIP_SSL,
                    "UPDATE calls SET dtmf = '1' WHERE session_id = 'cli-1'");
            assertTrue(hold.stderr().contains("hold, dtmf and transfer apply to SIP calls only"), hold.toString());

            ClientProcess.Result delete = MariadbCli.execute(server.port(), Tls.SKIP_SSL,
                    "DELETE FROM calls WHERE session_id = 'cli-1'", "-vv").assertSuccess();
            assertTrue(delete.stdout().contains("2 rows affected"), delete.toString());

            assertServerHangUp(callee, 2);
            assertServerHangUp(ringing, 3);
            List<Long> ended = new ArrayList<>();
            ended.add(assertServerHangUp(caller, -1));
            ended.add(assertServerHangUp(caller, -1));
            assertEquals(List.of(2L, 3L), ended, "the caller learns that both left");
            ClientProcess.Result after = MariadbCli.execute(server.port(), Tls.SKIP_SSL,
                    "SELECT user_id, state FROM calls WHERE session_id = 'cli-1'", "--batch", "-N")
                    .assertSuccess();
            assertEquals("2\tFINISH\n3\tFINISH\n", after.stdout(), "kept for keep_finished");
        }
    }

    @Test
    void phpMysqliSelectsUpdatesAndDeletes() throws IOException {
        try (CallPage caller = CallPage.open(server.wsPort(), 0, 4);
             CallPage callee = CallPage.open(server.wsPort(), 0, 5);
             CallPage ringing = CallPage.open(server.wsPort(), 0, 6)) {
            establish("php-1", caller, callee, ringing);

            ClientProcess.Result run = ClientProcess.run(List.of("php",
                    RepoPaths.testScript("php", "mysqli_calls.php").toString(), String.valueOf(server.port()),
                    MariadbCli.PASSWORD, "php-1")).assertSuccess();
            JsonNode output = JSON.readTree(run.stdout());

            JsonNode rows = output.path("rows");
            assertEquals(2, rows.size(), output.toString());
            assertEquals("5", rows.get(0).path("user_id").asText());
            assertEquals("ESTABLISHED", rows.get(0).path("state").asText());
            assertEquals("4", rows.get(0).path("caller_id").asText());
            assertEquals("RING", rows.get(1).path("state").asText());
            assertEquals("{\"topic\":\"q\"}", rows.get(1).path("user_info").asText());
            assertEquals(12, output.path("update_error").get(0).asInt(), output.toString());
            assertEquals("hold, dtmf and transfer apply to SIP calls only",
                    output.path("update_error").get(1).asText());
            assertEquals(2, output.path("deleted").asInt());
            assertEquals("FINISH", output.path("after").get(0).path("state").asText());

            assertServerHangUp(callee, 5);
            assertServerHangUp(ringing, 6);
            assertServerHangUp(caller, -1);
        }
    }

    /** The page's next frame is the server's hangUp; returns whose leg it ended (checked when {@code leg} > 0). */
    private static long assertServerHangUp(CallPage page, long leg) {
        JsonNode hangUp = page.expect("hangUp");
        assertEquals("server", hangUp.path("reason").asText(), hangUp.toString());
        assertEquals(0, hangUp.path("from").asLong());
        if (leg > 0) {
            assertEquals(leg, hangUp.path("userId").asLong());
        }
        return hangUp.path("userId").asLong();
    }
}
