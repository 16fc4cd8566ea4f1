package org.cometserver.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9: the release archive unpacks into an empty folder with everything docs/OPERATIONS.md installs, and its jar
 * starts with its own comet.ini.example (ports and data folder changed) and its logback-json.xml, and answers CometQL
 * and {@code /health}.
 */
class DistArchiveTest {
    private static final Pattern STARTED = Pattern.compile(".* started: .*listeners cometql 127\\.0\\.0\\.1:(\\d+),"
            + " ws 127\\.0\\.0\\.1:(\\d+),.*");

    @TempDir
    Path dir;

    @Test
    void unpacksAndServes() throws Exception {
        Path archive = Path.of(System.getProperty("comet.archive"));
        String version = System.getProperty("comet.version");
        assertTrue(Files.isRegularFile(archive), archive + " built before the tests");
        assertEquals(0, new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString()).inheritIO()
                .start().waitFor());
        Path home = dir.resolve("comet-server-" + version);
        for (String file : List.of("comet.ini.example", "LICENSE", "README.md", "comet-server.service",
                "logback-json.xml", "docs/OPERATIONS.md", "freeswitch-conf/vars.xml")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.readString(home.resolve("LICENSE")).startsWith("GNU AFFERO GENERAL PUBLIC LICENSE"));
        // the test command runs `mvn package`, so comet-server's jar of this build is in the archive
        assertTrue(Files.isRegularFile(home.resolve("comet-server.jar")), "comet-server.jar needs mvn package");
        Path built = Path.of("..", "comet-server", "target");
        assertTrue(Files.getLastModifiedTime(built.resolve("comet-server.jar")).compareTo(Files.getLastModifiedTime(
                built.resolve("classes/org/cometserver/server/CometServer.class"))) >= 0,
                "comet-server.jar is older than its classes: run mvn package (or verify)");

        Path ini = home.resolve("comet.ini");
        Files.writeString(ini, testCopy(Files.readString(home.resolve("comet.ini.example")),
                home.resolve("data/comet")));
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback-json.xml", "-jar", "comet-server.jar", "--config", "comet.ini")
                .directory(home.toFile())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            Matcher started = awaitStarted(out);
            assertTrue(started.group().startsWith("{") && started.group().contains("\"level\":\"INFO\""),
                    "logback-json.xml: one JSON object per line: " + started.group());
            int cometQl = Integer.parseInt(started.group(1));
            int ws = Integer.parseInt(started.group(2));
            try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cometQl
                    + "/CometQL_v1?sslMode=DISABLED", "root", "password");
                 ResultSet rows = connection.createStatement().executeQuery(
                         "SELECT * FROM users_auth WHERE id = 1")) {
                assertTrue(!rows.next(), "no user yet");
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ws + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"UP\"}", health.body());
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }

    /** The example with loopback listeners on free ports and the store in the temp folder; all else unchanged. */
    static String testCopy(String example, Path store) {
        Map<String, Map<String, String>> changes = Map.of(
                "cometql", Map.of("ip", "127.0.0.1", "port", "0"),
                "ws", Map.of("ip", "127.0.0.1", "port", "0"),
                "db", Map.of("embedded_path", store.toString()));
        StringBuilder copy = new StringBuilder();
        String section = "";
        for (String line : example.split("\n", -1)) {
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
            }
            int eq = line.indexOf('=');
            String key = eq > 0 && !line.startsWith(";") ? line.substring(0, eq).strip() : null;
            String value = key == null ? null : changes.getOrDefault(section, Map.of()).get(key);
            copy.append(value == null ? line : key + " = " + value).append('\n');
        }
        return copy.toString();
    }

    private static Matcher awaitStarted(BufferedReader out) throws IOException {
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            Matcher m = STARTED.matcher(line);
            if (m.matches()) {
                return m;
            }
        }
        throw new AssertionError("no start line: " + seen);
    }
}
