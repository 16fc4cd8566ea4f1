package org.cometserver.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.cometserver.esl.standin.SipDevice;
import org.cometserver.server.e2e.MariadbCli.Tls;
import org.cometserver.server.e2e.ws.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10 acceptance 3 (SIP): the {@code calls} table driven by the clients backends use, the {@code mariadb} CLI and
 * PHP mysqli, against the FreeSWITCH stand-in: click-to-call, SELECT, DTMF, a bad UPDATE's ERR, DELETE hangs up.
 */
class SipCallsClientsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static FreeSwitchStandIn freeswitch;
    private static E2eServer server;

    @BeforeAll
    static void start() {
        freeswitch = FreeSwitchStandIn.start();
        freeswitch.setDomain("FSdefaultDomain");
        server = E2eServer.withFreeswitch(freeswitch);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (freeswitch != null) {
            freeswitch.close();
        }
    }

    @Test
    void theMariadbCliPlacesSelectsControlsAndHangsUpACall() {
        freeswitch.register("00000061", SipDevice.ANSWER);
        freeswitch.register("2061", SipDevice.ANSWER);
        ClientProcess.Result insert = cli("INSERT INTO calls (user_id, dial, call_type) VALUES (61, 'user/2061', 2)");
        assertEquals(0, insert.exitCode(), insert.toString());

        List<String> rows = cli("SELECT session_id, caller_id, user_id, state, kind, dial, hold FROM calls"
                + " WHERE user_id = 61").assertSuccess().stdout().lines().toList();
        assertEquals("session_id\tcaller_id\tuser_id\tstate\tkind\tdial\thold", rows.get(0));
        String session = rows.get(1).split("\t")[0];
        assertEquals(session + "\t61\t61\tESTABLISHED\tsip\tuser/2061\t0", rows.get(1), rows.toString());

        cli("UPDATE calls SET dtmf = '1*' WHERE session_id = '" + session + "'").assertSuccess();
        assertTrue(freeswitch.receivedCommands().stream().anyMatch(c -> c.startsWith("api uuid_send_dtmf ")
                && c.endsWith(" 1*")), freeswitch.receivedCommands().toString());
        ClientProcess.Result unhold = cli("UPDATE calls SET hold = 0 WHERE session_id = '" + session + "'");
        assertEquals(1, unhold.exitCode(), unhold.toString());
        assertTrue(unhold.stderr().contains("ERROR 12 (HY000) at line 1: Call " + session
                + " is not on hold (ESTABLISHED): nothing to unhold"), unhold.toString());
        ClientProcess.Result badDigits = cli("UPDATE calls SET dtmf = '1;2' WHERE session_id = '" + session + "'");
        assertTrue(badDigits.stderr().contains("ERROR 12 "), badDigits.toString());

        cli("DELETE FROM calls WHERE session_id = '" + session + "'").assertSuccess();
        assertTrue(freeswitch.receivedCommands().contains("api uuid_kill " + session),
                freeswitch.receivedCommands().toString());
        Eventually.until("finished", () -> cli("SELECT state FROM calls WHERE session_id = '" + session + "'")
                .stdout().lines().toList().equals(List.of("state", "FINISH")), () -> cli("SELECT * FROM calls"));
    }

    @Test
    void phpMysqliPlacesSelectsControlsAndHangsUpACall() throws IOException {
        freeswitch.register("00000062", SipDevice.ANSWER);
        freeswitch.register("2062", SipDevice.ANSWER);
        ClientProcess.Result result = ClientProcess.run(List.of("php",
                RepoPaths.testScript("php", "mysqli_sip_calls.php").toString(), String.valueOf(server.port()),
                MariadbCli.PASSWORD, "62", "2062")).assertSuccess();
        JsonNode out = MAPPER.readTree(result.stdout());
        assertEquals(1, out.path("insert").asInt(), out.toString());
        JsonNode row = out.path("rows").path(0);
        assertEquals(List.of("ESTABLISHED", "sip", "2062"), List.of(row.path("state").asText(),
                row.path("kind").asText(), row.path("dial").asText()), out.toString());
        assertEquals(1, out.path("dtmf").asInt(), out.toString());
        assertEquals(12, out.path("unhold_error").path("errno").asInt(), out.toString());
        assertTrue(out.path("unhold_error").path("error").asText().endsWith("is not on hold (ESTABLISHED): nothing to unhold"),
                out.toString());
        assertEquals(1, out.path("delete").asInt(), out.toString());
        assertTrue(freeswitch.receivedCommands().contains("api uuid_kill " + row.path("session_id").asText()));
    }

    private static ClientProcess.Result cli(String sql) {
        return MariadbCli.execute(server.port(), Tls.SKIP_SSL, sql);
    }
}
