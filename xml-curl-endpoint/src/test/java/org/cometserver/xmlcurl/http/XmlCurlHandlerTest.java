package org.cometserver.xmlcurl.http;

import org.cometserver.xmlcurl.FakeDirectoryUsers;
import org.cometserver.xmlcurl.RawHttpClient;
import org.cometserver.xmlcurl.RawHttpClient.Response;
import org.cometserver.xmlcurl.FreeswitchRecordings;
import org.cometserver.xmlcurl.TestServer;
import org.cometserver.xmlcurl.XmlCurlConfig;
import org.cometserver.xmlcurl.directory.DirectoryDocument;
import org.cometserver.xmlcurl.spi.DirectoryResult;
import org.cometserver.xmlcurl.spi.DirectoryUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint over a real socket: access control, refusals of bad input, lookup failures. */
class XmlCurlHandlerTest {
    private static final String KNOWN_USER_QUERY =
            "section=directory&tag_name=domain&key_name=name&key_value=127.0.0.1&action=sip_auth&key=id"
                    + "&user=0000005&domain=127.0.0.1";
    private static final String GET_KNOWN_USER = get("/directory?" + KNOWN_USER_QUERY);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final FakeDirectoryUsers users = track(new FakeDirectoryUsers(FakeDirectoryUsers.RECORDED_USERS));

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void knownUserGetsTheDocumentWithTheRequestedDomain() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults(), GET_KNOWN_USER);
        assertEquals(200, response.status());
        assertTrue(response.body().contains("<domain name=\"127.0.0.1\">"), response.body());
        assertTrue(response.body().contains("<user id=\"0000005\">"), response.body());
        assertTrue(response.body().contains("<param name=\"password\" value=\"secret-0000005\"/>"), response.body());
    }

    @Test
    void hashWithXmlSpecialCharactersIsEscaped() throws Exception {
        FakeDirectoryUsers special = track(new FakeDirectoryUsers(Map.of("0000007", "a&b<c>\"d'e=/+_")));
        TestServer server = track(new TestServer(XmlCurlConfig.defaults(), special));
        Response response = RawHttpClient.exchange(server.address(),
                get("/directory?section=directory&key=id&user=0000007&domain=d%26%3Cx%3E"));
        assertEquals(200, response.status());
        assertTrue(response.body().contains("<domain name=\"d&amp;&lt;x&gt;\">"), response.body());
        assertTrue(response.body().contains("<param name=\"password\" value=\"a&amp;b&lt;c&gt;&quot;d&apos;e=/+_\"/>"),
                response.body());
    }

    @Test
    void unknownUsersAndOtherSectionsAreNotFound() throws Exception {
        for (String query : List.of(
                "section=directory&key=id&user=0000099&domain=127.0.0.1",
                "section=directory&key=id&user=1000&domain=127.0.0.1",
                "section=directory&key=id&user=alice&domain=127.0.0.1",
                "section=directory&key=id&user=0000000005&domain=127.0.0.1",
                "section=directory&key=id&user=0000005",
                "section=directory&purpose=gateways&profile=internal",
                "section=dialplan&key=id&user=0000005&domain=127.0.0.1",
                "section=configuration&key_value=sofia.conf")) {
            Response response = exchange(XmlCurlConfig.defaults(), get("/directory?" + query));
            assertEquals(200, response.status(), query);
            assertEquals(DirectoryDocument.NOT_FOUND, response.body(), query);
        }
    }

    @Test
    void recordedRequestArrivingByteByByteIsServed() throws Exception {
        byte[] request = FreeswitchRecordings.splitRequests(Files.readAllBytes(FreeswitchRecordings.freeswitchDir()
                .resolve("xml-curl-requests").resolve("01-post-register-0000005-at-127.0.0.1.raw"))).get(0);
        TestServer server = track(new TestServer(XmlCurlConfig.defaults(), users));
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5000);
            for (byte b : request) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
            Response response = RawHttpClient.parse(socket.getInputStream().readAllBytes());
            assertEquals(200, response.status());
            assertTrue(response.body().contains("<param name=\"password\" value=\"secret-0000005\"/>"));
        }
    }

    @Test
    void cppCometsPrefixedPathIsServed() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults(), get("/comet-server-com/directory?" + KNOWN_USER_QUERY));
        assertEquals(200, response.status());
        assertTrue(response.body().contains("secret-0000005"));
    }

    @Test
    void postFormBodyIsRead() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults(), post("/directory",
                "application/x-www-form-urlencoded", KNOWN_USER_QUERY));
        assertEquals(200, response.status());
        assertTrue(response.body().contains("secret-0000005"));
    }

    @Test
    void clientOutsideTheAllowlistGets403WithoutLookup() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults().withAllow(List.of("10.0.0.0/8", "fd00::/8")),
                GET_KNOWN_USER);
        assertEquals(403, response.status());
        assertEquals(0, users.lookups());
    }

    @Test
    void clientInsideTheAllowlistIsServed() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults().withAllow(List.of("10.0.0.0/8", "127.0.0.1/32")),
                GET_KNOWN_USER);
        assertEquals(200, response.status());
    }

    @Test
    void missingOrWrongCredentialsGet401WithChallenge() throws Exception {
        XmlCurlConfig config = XmlCurlConfig.defaults().withCredentials("freeswitch", "s3cret:pa$$");
        for (String authorization : new String[] {null, basic("freeswitch:wrong"), basic("other:s3cret:pa$$"),
                "Basic !!!not-base64!!!", "Bearer abc", "Basic "}) {
            String request = authorization == null ? GET_KNOWN_USER : withHeader(GET_KNOWN_USER,
                    "Authorization: " + authorization);
            Response response = exchange(config, request);
            assertEquals(401, response.status(), String.valueOf(authorization));
            assertTrue(response.header("WWW-Authenticate").startsWith("Basic realm=\""));
        }
        assertEquals(0, users.lookups());
    }

    @Test
    void rightCredentialsAreAccepted() throws Exception {
        XmlCurlConfig config = XmlCurlConfig.defaults().withCredentials("freeswitch", "s3cret:pa$$");
        Response response = exchange(config, withHeader(GET_KNOWN_USER,
                "Authorization: " + basic("freeswitch:s3cret:pa$$")));
        assertEquals(200, response.status());
    }

    @Test
    void wrongMethodIs405() throws Exception {
        for (String method : List.of("PUT", "DELETE", "OPTIONS", "PATCH")) {
            Response response = exchange(XmlCurlConfig.defaults(),
                    method + " /directory?" + KNOWN_USER_QUERY + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            assertEquals(405, response.status(), method);
            assertEquals("GET, POST", response.header("Allow"));
        }
    }

    @Test
    void unknownPathIs404() throws Exception {
        for (String path : List.of("/", "/dialplan", "/directory/x", "/info", "/directoryx")) {
            assertEquals(404, exchange(XmlCurlConfig.defaults(), get(path + "?" + KNOWN_USER_QUERY)).status(), path);
        }
    }

    @Test
    void garbageIs400() throws Exception {
        for (String garbage : List.of("hello\r\n\r\n", "GET\r\n\r\n", "\u0001\u0002\u0003 / HTTP/1.1\r\n\r\n",
                "POST /directory HTTP/1.1\r\nContent-Length: abc\r\n\r\n")) {
            Response response = exchange(XmlCurlConfig.defaults(), garbage);
            assertEquals(400, response.status(), garbage);
        }
    }

    @Test
    void otherHttpVersionIs505() throws Exception {
        assertEquals(505, exchange(XmlCurlConfig.defaults(), "GET /directory HTTP/9.9\r\nHost: x\r\n\r\n").status());
    }

    @Test
    void brokenPercentEncodingIs400() throws Exception {
        assertEquals(400, exchange(XmlCurlConfig.defaults(), get("/directory?user=%zz&section=directory")).status());
        assertEquals(400, exchange(XmlCurlConfig.defaults(), post("/directory",
                "application/x-www-form-urlencoded", "section=directory&user=%E")).status());
    }

    @Test
    void nonFormBodyIs415() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults(), post("/directory", "application/json", "{}"));
        assertEquals(415, response.status());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        // only the headers: the server refuses on Content-Length, before any body byte
        Response response = exchange(XmlCurlConfig.defaults(), "POST /directory HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\n");
        assertEquals(413, response.status());
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        String chunk = "a".repeat(40_000);
        String request = "POST /directory HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n";
        assertEquals(413, exchange(XmlCurlConfig.defaults(), request).status());
    }

    @Test
    void requestLineOverTheLimitIs414() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults(), get("/directory?user=" + "1".repeat(70_000)));
        assertEquals(414, response.status());
    }

    @Test
    void headersOverTheLimitAre431() throws Exception {
        Response response = exchange(XmlCurlConfig.defaults(), withHeader(GET_KNOWN_USER, "X-Big: " + "b".repeat(9000)));
        assertEquals(431, response.status());
    }

    @Test
    void everyAnswerIsReportedWithItsResult() throws Exception {
        List<DirectoryResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        XmlCurlConfig config = XmlCurlConfig.defaults().withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(10));
        TestServer server = track(new TestServer(config, users, results::add));
        RawHttpClient.exchange(server.address(), GET_KNOWN_USER);
        RawHttpClient.exchange(server.address(), get("/directory?section=directory&key=id&user=0000099&domain=d"));
        RawHttpClient.exchange(server.address(), get("/nowhere"));
        RawHttpClient.exchange(server.address(), "POST /directory HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\n");
        TestServer locked = track(new TestServer(config.withCredentials("fs", "pw"), users, results::add));
        RawHttpClient.exchange(locked.address(), GET_KNOWN_USER);
        TestServer failing = track(new TestServer(config,
                (devId, userId) -> CompletableFuture.failedFuture(new IllegalStateException("db down")), results::add));
        RawHttpClient.exchange(failing.address(), GET_KNOWN_USER);
        TestServer never = track(new TestServer(config, (devId, userId) -> new CompletableFuture<>(), results::add));
        RawHttpClient.exchange(never.address(), GET_KNOWN_USER);
        assertEquals(List.of(DirectoryResult.FOUND, DirectoryResult.NOT_FOUND, DirectoryResult.BAD_REQUEST,
                DirectoryResult.BAD_REQUEST, DirectoryResult.UNAUTHORIZED, DirectoryResult.ERROR,
                DirectoryResult.TIMEOUT), results);
        assertEquals("not_found", DirectoryResult.NOT_FOUND.tag());
    }

    @Test
    void lookupOutlastingTheTimeoutIs503() throws Exception {
        DirectoryUsers never = (devId, userId) -> new CompletableFuture<>();
        XmlCurlConfig config = XmlCurlConfig.defaults().withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(10));
        TestServer server = track(new TestServer(config, never));
        Response response = RawHttpClient.exchange(server.address(), GET_KNOWN_USER);
        assertEquals(503, response.status());
    }

    @Test
    void failingLookupIs503() throws Exception {
        DirectoryUsers failing = (devId, userId) -> CompletableFuture.failedFuture(new IllegalStateException("db down"));
        DirectoryUsers throwing = (devId, userId) -> {
            throw new IllegalStateException("bug");
        };
        for (DirectoryUsers broken : List.of(failing, throwing)) {
            TestServer server = track(new TestServer(XmlCurlConfig.defaults(), broken));
            assertEquals(503, RawHttpClient.exchange(server.address(), GET_KNOWN_USER).status());
        }
    }

    @Test
    void slowLookupWithinTheTimeoutIsServed() throws Exception {
        DirectoryUsers slow = (devId, userId) -> CompletableFuture.supplyAsync(() -> Optional.of("late"),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        TestServer server = track(new TestServer(XmlCurlConfig.defaults(), slow));
        Response response = RawHttpClient.exchange(server.address(), GET_KNOWN_USER);
        assertEquals(200, response.status());
        assertTrue(response.body().contains("value=\"late\""));
    }

    @Test
    void stalledRequestIsClosedAfterTheReadTimeout() throws Exception {
        XmlCurlConfig config = XmlCurlConfig.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(300));
        TestServer server = track(new TestServer(config, users));
        byte[] received = RawHttpClient.sendAndReadAll(server.address(),
                "GET /directory?user=0000005 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, received.length);
    }

    @Test
    void onlyTheFirstOfPipelinedRequestsIsAnswered() throws Exception {
        TestServer server = track(new TestServer(XmlCurlConfig.defaults(), users));
        byte[] received = RawHttpClient.sendAndReadAll(server.address(),
                (GET_KNOWN_USER + GET_KNOWN_USER).getBytes(StandardCharsets.US_ASCII));
        Response response = RawHttpClient.parse(received);
        assertEquals(200, response.status());
        assertEquals(1, users.lookups());
    }

    @Test
    void serverKeepsServingAfterAbusiveClients() throws Exception {
        TestServer server = track(new TestServer(XmlCurlConfig.defaults(), users));
        try (Socket abandoned = new Socket(server.address().getAddress(), server.address().getPort())) {
            abandoned.getOutputStream().write("GET /dir".getBytes(StandardCharsets.US_ASCII));
        }
        try (Socket reset = new Socket(server.address().getAddress(), server.address().getPort())) {
            reset.setSoLinger(true, 0);
            reset.getOutputStream().write(GET_KNOWN_USER.getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(200, RawHttpClient.exchange(server.address(), GET_KNOWN_USER).status());
    }

    @Test
    void everyAnswerClosesTheConnection() throws Exception {
        TestServer server = track(new TestServer(XmlCurlConfig.defaults(), users));
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(get("/nowhere").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            assertTrue(new String(all, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 404 "));
        }
    }

    private Response exchange(XmlCurlConfig config, String request) throws Exception {
        TestServer server = track(new TestServer(config, users));
        return RawHttpClient.exchange(server.address(), request);
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private static String get(String uri) {
        return "GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:8082\r\nUser-Agent: freeswitch-xml/1.0\r\nAccept: */*\r\n\r\n";
    }

    private static String post(String uri, String contentType, String body) {
        return "POST " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:8082\r\nUser-Agent: freeswitch-xml/1.0\r\nAccept: */*\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nContent-Type: " + contentType
                + "\r\n\r\n" + body;
    }

    private static String withHeader(String request, String header) {
        return request.replaceFirst("\r\n", "\r\n" + header + "\r\n");
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
