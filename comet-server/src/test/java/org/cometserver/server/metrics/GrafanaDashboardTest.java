package org.cometserver.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code packaging/grafana-dashboard.json} is built on real series: every metric name its queries use is exposed by a
 * running server's {@code /metrics} (with a FreeSWITCH node configured, the directory listener on and a statement run,
 * so that the series that appear only then are there).
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "packaging", "grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:comet|jvm|process)_[a-z_]+)\\b");

    @TempDir
    Path dir;

    @Test
    void everySeriesTheDashboardQueriesExists() throws Exception {
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : new ObjectMapper().readTree(Files.readString(DASHBOARD)).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertTrue(queried.size() > 15, queried.toString());
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        try (CometServer server = CometServer.start(CometConfig.parse("[main]\npassword = secret\n"
                + "[ws]\nip = 127.0.0.1\nport = 0\n[cometql]\nip = 127.0.0.1\nport = 0\n"
                + "[freeswitch]\nip = 127.0.0.1\nport = 0\nthread_num = 1\n"
                + "[sip]\nfreeswitch = []Server=127.0.0.1,Port=" + closedPort + "\n"
                + "[db]\nembedded_path = " + dir.resolve("comet") + "\n"))) {
            try (Connection sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                    + "/CometQL_v1", "root", "secret")) {
                sql.createStatement().execute("INSERT INTO pipes_messages (name, event, message) VALUES ('web_dashboard', 'e', 'm')");
            }
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.wsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Set<String> exposed = MetricsEndpointTest.parse(body).keySet().stream()
                    .map(sample -> sample.replaceFirst("\\{.*", "")).collect(Collectors.toSet());
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exposed);
            assertEquals(Set.of(), missing, "queried by the dashboard, not exposed by /metrics");
        }
    }
}
