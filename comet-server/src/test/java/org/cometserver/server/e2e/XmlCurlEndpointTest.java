package org.cometserver.server.e2e;

import org.cometserver.server.CometServer;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.InvalidConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code [freeswitch]} listener of a real server answers FreeSWITCH's recorded mod_xml_curl request with the
 * {@code users_auth} hash written over CometQL as the SIP password, and refuses requests without its credentials.
 */
class XmlCurlEndpointTest {
    private static final String PASSWORD = "CometQLPassword";
    private static final String RECORDING = "freeswitch/xml-curl-requests/01-post-register-0000005-at-127.0.0.1.raw";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static CometServer server;
    private static String recordedBody;

    @BeforeAll
    static void start() throws Exception {
        server = CometServer.start(CometConfig.parse(config("127.0.0.1")));
        try (Connection sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", PASSWORD); Statement s = sql.createStatement()) {
            s.execute("INSERT INTO users_auth (id, hash) VALUES (5, 'sipsecret0000005')");
        }
        String raw = Files.readString(RepoPaths.testdata().resolve(RECORDING), StandardCharsets.ISO_8859_1);
        recordedBody = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void recordedRegisterGetsTheUsersAuthHashAsPassword() throws Exception {
        HttpResponse<String> answer = post(recordedBody, "fs:fs-secret");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("<user id=\"0000005\">"), answer.body());
        assertTrue(answer.body().contains("<param name=\"password\" value=\"sipsecret0000005\"/>"), answer.body());
    }

    @Test
    void unknownUserIsNotFound() throws Exception {
        HttpResponse<String> answer = post(recordedBody.replace("user=0000005", "user=0000006"), "fs:fs-secret");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("<result status=\"not found\"/>"), answer.body());
    }

    @Test
    void missingOrWrongCredentialsAre401() throws Exception {
        assertEquals(401, post(recordedBody, null).statusCode());
        assertEquals(401, post(recordedBody, "fs:wrong").statusCode());
    }

    @Test
    void invalidAllowListIsAConfigError() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> CometConfig.parse(config("not-an-address")));
        assertTrue(e.getMessage().startsWith("[freeswitch] "), e.getMessage());
    }

    private static String config(String allow) {
        return """
                [main]
                password = %s
                [db]
                embedded_path = %s
                [cometql]
                ip = 127.0.0.1
                port = 0
                [ws]
                thread_num = 0
                [freeswitch]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                allow = %s
                user = fs
                password = fs-secret
                """.formatted(PASSWORD, dir.resolve("comet"), allow);
    }

    private static HttpResponse<String> post(String body, String credentials) throws Exception {
        return post(server.xmlCurlPort(), body, credentials);
    }

    /** A mod_xml_curl POST of {@code body} to {@code /directory} on {@code port}, with basic credentials if given. */
    static HttpResponse<String> post(int port, String body, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/directory"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
