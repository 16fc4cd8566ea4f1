package org.cometserver.server.metrics;

import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #9: Prometheus {@code /metrics} on the [ws] port, loopback only by default. */
class MetricsEndpointTest {
    @TempDir
    Path dir;

    private CometConfig config(String extra) {
        return CometConfig.parse("[main]\npassword = secret\n[ws]\nip = 127.0.0.1\nport = 0\n"
                + "[cometql]\nip = 127.0.0.1\nport = 0\n[db]\nembedded_path = " + dir.resolve("comet") + "\n"
                + extra);
    }

    @Test
    void seriesExistAndMoveWithConnectionsAndMessages() throws Exception {
        try (CometServer server = CometServer.start(config(""))) {
            HttpResponse<String> first = get(server, "/metrics");
            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            Map<String, Double> before = parse(first.body());
            for (String series : new String[] {"comet_listener_connections{listener=\"cometql\"}",
                    "comet_listener_connections{listener=\"ws\"}", "comet_listener_handshakes{listener=\"ws\"}",
                    "comet_browsers_connected", "comet_hub_subscriptions", "comet_hub_channels", "comet_messages_published_total", "comet_cometql_connections",
                    "comet_browsers_slow_disconnects_total", "comet_offline_queue_messages",
                    "jvm_threads_live_threads", "process_uptime_seconds", "process_files_open_files",
                    "system_cpu_count"}) {
                assertTrue(before.containsKey(series), series + " in " + before.keySet());
            }
            assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")));
            double published = before.get("comet_messages_published_total");
            try (Connection cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                    + "/CometQL_v1?sslMode=DISABLED", "root", "secret");
                 Socket idle = new Socket("127.0.0.1", server.cometQlPort())) {
                cometQl.createStatement().executeUpdate(
                        "INSERT INTO pipes_messages (name, event, message) VALUES ('web_chan', 'e', 'hi')");
                Map<String, Double> during = awaitSeries(server, "comet_listener_handshakes{listener=\"cometql\"}",
                        1.0);
                assertEquals(2.0, during.get("comet_listener_connections{listener=\"cometql\"}"), during.toString());
                assertEquals(2.0, during.get("comet_cometql_connections"), "the CometQL server counts handshakes too");
                assertEquals(published + 1, during.get("comet_messages_published_total"));
                assertTrue(during.get(statements("pipes_messages", "ok")) >= 1, during.toString());
                double errors = during.getOrDefault(statements("other", "error"), 0.0);
                try {
                    cometQl.createStatement().executeQuery("SELECT * FROM no_such_table");
                } catch (java.sql.SQLException expected) {
                    // counted as an error of table other (not one of ours)
                }
                double none = during.getOrDefault(statements("none", "ok"), 0.0);
                cometQl.createStatement().executeQuery("SELECT 1").close();
                Map<String, Double> tagged = parse(get(server, "/metrics").body());
                assertEquals(errors + 1, tagged.get(statements("other", "error")), tagged.toString());
                assertEquals(none + 1, tagged.get(statements("none", "ok")), "SELECT 1 touches no table");
                double queued = during.get("comet_offline_queue_messages");
                cometQl.createStatement().executeUpdate(
                        "INSERT INTO users_messages (id, event, message) VALUES (42, 'e', 'for later')");
                Map<String, Double> queuedNow = parse(get(server, "/metrics").body());
                assertEquals(queued + 1, queuedNow.get("comet_offline_queue_messages"),
                        "user 42 is offline: the message is queued");
                assertEquals(1.0, queuedNow.get(statements("users_messages", "ok")));
            }
            Map<String, Double> after = awaitSeries(server, "comet_listener_connections{listener=\"cometql\"}", 0.0);
            assertEquals(0.0, after.get("comet_listener_handshakes{listener=\"cometql\"}"));
        }
    }

    @Test
    void subscriptionsChannelsAndDeliveriesMoveWithABrowser() throws Exception {
        try (CometServer server = CometServer.start(config(""))) {
            Map<String, Double> before = parse(get(server, "/metrics").body());
            assertEquals(0.0, before.get("comet_hub_subscriptions"));
            assertEquals(0.0, before.get("comet_hub_channels"));
            double delivered = before.get("comet_messages_delivered_total");
            assertTrue(before.containsKey("comet_messages_dropped_total"), before.keySet().toString());
            java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket page = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + server.wsPort() + "/ws/sesion=undefined&myid=undefined&devid=0"
                            + "&v=4.08&uuid=metricsUUIDmetricsUUIDmetrics01&api=js"),
                    new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws,
                                                                               CharSequence data, boolean last) {
                            frames.add(data.toString());
                            ws.request(1);
                            return null;
                        }
                    }).join();
            try {
                page.sendText("subscription\nweb_metrics", true).join();
                awaitSeries(server, "comet_hub_subscriptions", 1.0);
                assertEquals(1.0, parse(get(server, "/metrics").body()).get("comet_hub_channels"));
                try (Connection cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:"
                        + server.cometQlPort() + "/CometQL_v1?sslMode=DISABLED", "root", "secret")) {
                    cometQl.createStatement().executeUpdate(
                            "INSERT INTO pipes_messages (name, event, message) VALUES ('web_metrics', 'e', 'hi')");
                }
                String frame;
                do {
                    frame = frames.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                    assertTrue(frame != null, "the page got the message");
                } while (!frame.contains("web_metrics"));
                assertTrue(parse(get(server, "/metrics").body()).get("comet_messages_delivered_total")
                        >= delivered + 1);
            } finally {
                page.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").join();
            }
            awaitSeries(server, "comet_hub_subscriptions", 0.0);
            assertEquals(0.0, parse(get(server, "/metrics").body()).get("comet_hub_channels"));
        }
    }

    @Test
    void directoryRequestsAreCountedByResult() throws Exception {
        try (CometServer server = CometServer.start(config(
                "[freeswitch]\nip = 127.0.0.1\nport = 0\nthread_num = 1\nallow = 127.0.0.1\n"))) {
            Map<String, Double> before = parse(get(server, "/metrics").body());
            for (String result : new String[] {"found", "not_found", "unauthorized", "forbidden", "bad_request",
                    "error", "timeout"}) {
                assertEquals(0.0, before.get(directory(result)), result + " in " + before.keySet());
            }
            String base = "http://127.0.0.1:" + server.xmlCurlPort();
            HttpClient client = HttpClient.newHttpClient();
            client.send(HttpRequest.newBuilder(URI.create(base + "/directory?section=directory&key=id&user=0000099"
                    + "&domain=127.0.0.1")).build(), HttpResponse.BodyHandlers.discarding());
            client.send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).build(),
                    HttpResponse.BodyHandlers.discarding());
            Map<String, Double> after = awaitSeries(server, directory("bad_request"), 1.0);
            assertEquals(1.0, after.get(directory("not_found")), after.toString());
            assertEquals(0.0, after.get(directory("found")));
        }
    }

    private static String directory(String result) {
        return "comet_freeswitch_directory_requests_total{result=\"" + result + "\"}";
    }

    @Test
    void addressesOutsideAllowAreRefused() throws Exception {
        try (CometServer server = CometServer.start(config("[metrics]\nallow = 10.0.0.0/8\n"))) {
            assertEquals(403, get(server, "/metrics").statusCode());
        }
        try (CometServer server = CometServer.start(config("[metrics]\nenabled = false\n"))) {
            assertEquals(404, get(server, "/metrics").statusCode());
        }
    }

    private static String statements(String table, String result) {
        return "comet_cometql_statements_seconds_count{result=\"" + result + "\",table=\"" + table + "\"}";
    }

    /** Scrapes until {@code series} has {@code value}: closes reach the listener's count asynchronously. */
    private static Map<String, Double> awaitSeries(CometServer server, String series, double value)
            throws Exception {
        Map<String, Double> scraped = Map.of();
        for (int attempt = 0; attempt < 100; attempt++) {
            scraped = parse(get(server, "/metrics").body());
            if (Double.valueOf(value).equals(scraped.get(series))) {
                return scraped;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(series + " never reached " + value + ": " + scraped);
    }

    /** The Prometheus text format's samples: {@code name{labels} value}, comments skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private static HttpResponse<String> get(CometServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.wsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
