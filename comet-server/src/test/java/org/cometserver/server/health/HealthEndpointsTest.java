package org.cometserver.server.health;

import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #9: {@code /health}, {@code /ready} on the [ws] port and their {@code SHOW GLOBAL STATUS} rows. */
class HealthEndpointsTest {
    @TempDir
    Path dir;

    private CometConfig config(String extra) {
        return CometConfig.parse("[main]\npassword = secret\n[ws]\nip = 127.0.0.1\nport = 0\n"
                + "[cometql]\nip = 127.0.0.1\nport = 0\n[db]\nembedded_path = " + dir.resolve("comet") + "\n"
                + extra);
    }

    @Test
    void readyWhenStoreAnswersAndListenersAreBound() throws Exception {
        try (CometServer server = CometServer.start(config(""))) {
            HttpResponse<String> health = get(server, "/health");
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"UP\"}", health.body());
            assertEquals("application/json", health.headers().firstValue("Content-Type").orElseThrow());
            HttpResponse<String> ready = get(server, "/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("{\"status\":\"UP\",\"problems\":[],\"freeswitch\":{}}", ready.body());
            Map<String, String> status = globalStatus(server);
            assertEquals("UP", status.get("health"));
            assertEquals("yes", status.get("ready"));
        }
    }

    @Test
    void notReadyWhileAFreeswitchNodeIsDown() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        String sip = "[sip]\nfreeswitch = []Server=127.0.0.1,Pwd=ClueCon,Port=" + closedPort
                + ",WSport=7443,WShost=fs1\n";
        try (CometServer server = CometServer.start(config(sip))) {
            HttpResponse<String> ready = get(server, "/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().startsWith("{\"status\":\"DOWN\",\"problems\":[\"freeswitch node fs1:7443: "),
                    ready.body());
            assertTrue(ready.body().contains("\"freeswitch\":{\"fs1:7443\":\""), ready.body());
            assertEquals(200, get(server, "/comet-server/health").statusCode(), "the CppComet prefix works too");
            String row = globalStatus(server).get("ready");
            assertTrue(row.startsWith("no: freeswitch node fs1:7443: "), row);
            String metrics = get(server, "/metrics").body();
            assertTrue(metrics.contains("\ncomet_freeswitch_node_up{node=\"fs1:7443\"} 0.0\n"), metrics);
            assertTrue(metrics.contains("\ncomet_freeswitch_reconnects_total{node=\"fs1:7443\"} "), metrics);
            assertTrue(metrics.contains("\ncomet_conference_members 0.0\n"), metrics);
        }
    }

    private static HttpResponse<String> get(CometServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.wsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> globalStatus(CometServer server) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", "secret");
             ResultSet result = connection.createStatement().executeQuery("SHOW GLOBAL STATUS")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }
}
