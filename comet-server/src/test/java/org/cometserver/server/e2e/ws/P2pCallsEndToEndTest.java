package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * P2P calls (issue #10, docs/CALLS.md) between real WebSocket clients, as the pages of the browser test would signal:
 * ConnectyCube's signals relayed with the server's {@code callerID}/{@code from}, multi-device ringing, the answer
 * timeout, the offline callee, disconnects, {@code POST /calls/reject}, dev_id isolation and the limits.
 */
class P2pCallsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static E2eServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = E2eServer.embedded("""
                [calls]
                max_signal_size = 4096
                signals_per_second = 20
                signal_burst = 40
                """);
        CallPage.register(server.port(), MariadbCli.PASSWORD, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20);
        CallPage.register(server.port(), MariadbCli.PASSWORD, 1, 19);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newSession() {
        return "e2e-" + SESSIONS.incrementAndGet();
    }

    private static CallPage page(long userId) {
        return CallPage.open(server.wsPort(), 0, userId);
    }

    static String call(String session, String opponents, String extra) {
        return CallPage.callSignal(session, opponents, extra);
    }

    static String signal(String type, String session, long to, String extra) {
        return CallPage.signalOf(type, session, to, extra);
    }

    @Test
    void oneToOneCallWithTwoDevicesOfTheCallee() {
        String id = newSession();
        try (CallPage caller = page(1); CallPage phone = page(2); CallPage laptop = page(2)) {
            caller.signal(call(id, "[2]", ""));

            for (CallPage device : List.of(phone, laptop)) {
                JsonNode call = device.expect("call");
                assertEquals(id, call.path("sessionID").asText());
                assertEquals(1, call.path("callerID").asLong(), "the server's caller id, not the page's 999");
                assertEquals(1, call.path("from").asLong());
                assertEquals("[2]", call.path("opponentsIDs").toString());
                assertEquals(1, call.path("callType").asInt());
                assertEquals("v=0 offer", call.path("sdp").asText());
                assertEquals("Ann", call.path("userInfo").path("name").asText());
            }

            phone.signal(signal("accept", id, 1, ",'sdp':'v=0 answer','platform':'web'"));
            JsonNode accept = caller.expect("accept");
            assertEquals(2, accept.path("from").asLong());
            assertEquals("v=0 answer", accept.path("sdp").asText());
            assertEquals(2, laptop.expect("accept").path("from").asLong(), "the other device stops ringing");

            caller.signal(signal("iceCandidates", id, 2,
                    ",'iceCandidates':[{'sdpMLineIndex':0,'sdpMid':'0','candidate':'candidate:1 1 udp 1 h 1 typ host'}]"));
            assertEquals("candidate:1 1 udp 1 h 1 typ host",
                    phone.expect("iceCandidates").path("iceCandidates").get(0).path("candidate").asText());
            phone.signal(signal("update", id, 1, ",'video':false"));
            assertFalse(caller.expect("update").path("video").asBoolean(true));

            caller.signal(signal("hangUp", id, 0, ""));
            assertEquals(1, phone.expect("hangUp").path("from").asLong());
            laptop.expectNothing(300);
        }
    }

    @Test
    void rejectOnOneDeviceStopsTheOther() {
        String id = newSession();
        try (CallPage caller = page(3); CallPage phone = page(4); CallPage laptop = page(4)) {
            caller.signal(call(id, "[4]", ""));
            phone.expect("call");
            laptop.expect("call");

            laptop.signal(signal("reject", id, 0, ",'userInfo':{'not_supported':1}"));

            assertEquals(1, caller.expect("reject").path("userInfo").path("not_supported").asInt());
            assertEquals(4, phone.expect("reject").path("from").asLong());
        }
    }

    @Test
    void rejectOverHttp() throws Exception {
        String id = newSession();
        try (CallPage caller = page(5); CallPage phone = page(6)) {
            caller.signal(call(id, "[6]", ""));
            phone.expect("call");
            String body = "{\"recipientId\": 5, \"sessionID\": \"" + id + "\", \"platform\": \"ios\", "
                    + "\"userInfo\": {\"busy\": true}}";

            assertEquals(401, reject(0, 6, "wrong", body).statusCode());
            assertEquals(404, reject(0, 6, "key6", body.replace(id, "unknown-session")).statusCode());
            assertEquals(404, reject(0, 7, "key7", body).statusCode(), "user 7 is not in the call");
            assertEquals(400, reject(0, 6, "key6", "{\"sessionID\": \"" + id + "\"}").statusCode());
            assertEquals(400, reject(0, 6, "key6", "not json").statusCode());
            HttpResponse<String> ok = reject(0, 6, "key6", body);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("{}", ok.body());
            assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));

            JsonNode reject = caller.expect("reject");
            assertEquals(6, reject.path("from").asLong());
            assertEquals("ios", reject.path("platform").asText());
            assertTrue(reject.path("userInfo").path("busy").asBoolean());
            assertEquals(6, phone.expect("reject").path("from").asLong(), "the page stops ringing too");
        }
    }

    @Test
    void httpRejectBodyIsBoundedAndOtherPathsStillRefuseBodies() throws IOException {
        assertEquals(413, rawPost("/calls/reject", 17 * 1024, "x".repeat(100)));
        assertEquals(413, rawPost("/info", 2, "{}"));
        assertEquals(401, rawPost("/calls/reject", 2, "{}"), "no X-Comet headers: not authorised");
    }

    @Test
    void wrongKeysOverHttpCountAsFailedLoginsOfTheAddress() throws IOException {
        String body = "{\"recipientId\": 1, \"sessionID\": \"any\"}";
        String headers = "X-Comet-Dev-Id: 0\r\nX-Comet-User-Id: 20\r\n";
        for (int i = 0; i < 10; i++) {
            assertEquals(401, rawPostFrom("127.0.0.5", headers + "X-Comet-User-Key: guess" + i + "\r\n", body));
        }
        assertEquals(429, rawPostFrom("127.0.0.5", headers + "X-Comet-User-Key: key20\r\n", body),
                "blocked: even the right key is not checked");
        assertEquals(404, rawPostFrom("127.0.0.6", headers + "X-Comet-User-Key: key20\r\n", body),
                "another address is not slowed (and session any is unknown)");
    }

    @Test
    void unansweredCallTimesOut() throws SQLException {
        try (E2eServer quick = E2eServer.embedded("[calls]\nanswer_timeout = 1\n")) {
            CallPage.register(quick.port(), MariadbCli.PASSWORD, 0, 1, 2);
            try (CallPage caller = CallPage.open(quick.wsPort(), 0, 1);
                 CallPage callee = CallPage.open(quick.wsPort(), 0, 2)) {
                caller.signal(call("t1", "[2]", ""));
                callee.expect("call");

                JsonNode notAnswer = caller.expect("notAnswer");
                assertEquals(2, notAnswer.path("userId").asLong());
                assertEquals(0, notAnswer.path("from").asLong());
                JsonNode hangUp = callee.expect("hangUp");
                assertEquals("not_answered", hangUp.path("reason").asText());
                callee.signal(signal("accept", "t1", 1, ",'sdp':'late'"));
                assertEquals("The call has ended", callee.expect("error").path("error").asText());
            }
        }
    }

    @Test
    void calleeWithoutConnectionIsNotAnsweredAtOnce() {
        String id = newSession();
        try (CallPage caller = page(7)) {
            caller.signal(call(id, "[8]", ""));

            JsonNode notAnswer = caller.expect("notAnswer");
            assertEquals(8, notAnswer.path("userId").asLong());
            assertEquals(id, notAnswer.path("sessionID").asText());
        }
    }

    @Test
    void offlineHookAnswering200KeepsTheOfflineCalleeRinging() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        backend.setExecutor(executor);
        AtomicInteger pushes = new AtomicInteger();
        backend.createContext("/push", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in);
                if (body.path("user_id").asLong() == 2 && body.path("caller_id").asLong() == 1) {
                    pushes.incrementAndGet();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.start();
        try (E2eServer hooked = E2eServer.embedded("[calls]\noffline_hook = http://127.0.0.1:"
                + backend.getAddress().getPort() + "/push\n")) {
            CallPage.register(hooked.port(), MariadbCli.PASSWORD, 0, 1, 2);
            try (CallPage caller = CallPage.open(hooked.wsPort(), 0, 1)) {
                caller.signal(call("h1", "[2]", ""));
                Eventually.until("the hook was called", () -> pushes.get() == 1, pushes::get);
                caller.expectNothing(500);

                // the push woke the app; ConnectyCube's caller repeats its call until answered
                try (CallPage app = CallPage.open(hooked.wsPort(), 0, 2)) {
                    caller.signal(call("h1", "[2]", ",'to':2"));
                    app.expect("call");
                    app.signal(signal("accept", "h1", 1, ",'sdp':'a'"));
                    caller.expect("accept");
                }
            }
        } finally {
            backend.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void callerThatDisconnectsWhileRingingEndsTheCall() {
        String id = newSession();
        try (CallPage phone = page(10)) {
            try (CallPage caller = page(9)) {
                caller.signal(call(id, "[10]", ""));
                phone.expect("call");
            }
            JsonNode hangUp = phone.expect("hangUp");
            assertEquals("disconnected", hangUp.path("reason").asText());
            assertEquals(9, hangUp.path("userId").asLong());
        }
    }

    @Test
    void anonymousPageCannotCall() {
        try (CallPage anonymous = CallPage.anonymous(server.wsPort())) {
            anonymous.signal(call("a1", "[2]", ""));

            assertEquals("Calls need an authorized connection (user id and hash or JWT)",
                    anonymous.expect("error").path("error").asText());
        }
    }

    @Test
    void aUserOfAnotherDevIdCannotBeReached() {
        String id = newSession();
        try (CallPage elsewhere = CallPage.open(server.wsPort(), 1, 19); CallPage caller = page(11)) {
            caller.signal(call(id, "[19]", ""));

            // user 19 of dev_id 0 has no connection: user 19 of dev_id 1 is somebody else
            assertEquals(19, caller.expect("notAnswer").path("userId").asLong());
            elsewhere.expectNothing(300);
            elsewhere.signal(signal("accept", id, 11, ",'sdp':'a'"));
            JsonNode error = elsewhere.expect("error");
            assertEquals("Unknown sessionID", error.path("error").asText());
            assertEquals(id, error.path("sessionID").asText());
            assertEquals("accept", error.path("signalType").asText());
        }
    }

    @Test
    void threePartyMesh() {
        String id = newSession();
        try (CallPage one = page(12); CallPage two = page(13); CallPage three = page(14)) {
            one.signal(call(id, "[13,14]", ",'to':13"));
            one.signal(call(id, "[13,14]", ",'to':14"));
            two.expect("call");
            three.expect("call");
            two.signal(signal("accept", id, 12, ",'sdp':'a2'"));
            three.signal(signal("accept", id, 12, ",'sdp':'a3'"));
            assertEquals(13, one.expect("accept").path("from").asLong());
            assertEquals(14, one.expect("accept").path("from").asLong());

            // the callees connect to each other in the same session
            three.signal(call(id, "[12,13]", ",'to':13"));
            JsonNode mesh = two.expect("call");
            assertEquals(14, mesh.path("from").asLong());
            assertEquals(12, mesh.path("callerID").asLong());
            two.signal(signal("accept", id, 14, ",'sdp':'a23'"));
            assertEquals(13, three.expect("accept").path("from").asLong());
            two.signal(signal("iceCandidates", id, 14, ",'iceCandidates':[]"));
            three.expect("iceCandidates");

            one.signal(signal("hangUp", id, 0, ""));
            two.expect("hangUp");
            three.expect("hangUp");
            // 2 and 3 are still in the call with each other
            three.signal(signal("update", id, 13, ",'x':1"));
            assertEquals(1, two.expect("update").path("x").asInt());
        }
    }

    @Test
    void unknownSessionOversizedSignalAndBadJsonGetErrorFrames() {
        try (CallPage page = page(15)) {
            page.signal(signal("hangUp", "never-called", 2, ""));
            JsonNode unknown = page.expect("error");
            assertEquals("Unknown sessionID", unknown.path("error").asText());
            assertEquals("never-called", unknown.path("sessionID").asText());
            assertEquals("hangUp", unknown.path("signalType").asText());

            page.signal(call("big", "[2]", ",'sdp':'" + "a".repeat(5000) + "'").replace("'sdp':'v=0 offer',", ""));
            JsonNode big = page.expect("error");
            assertEquals("Signal is larger than max_signal_size (4096 bytes)", big.path("error").asText());
            assertEquals("big", big.path("sessionID").asText());

            page.client().send("call_signal\n{not json");
            assertEquals("call_signal needs a JSON object", page.expect("error").path("error").asText());
        }
    }

    @Test
    void floodGetsErrorFramesAndTheServerStaysHealthy() throws Exception {
        try (CallPage flooder = page(16)) {
            long start = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                flooder.signal(signal("update", "flood", 2, ",'n':" + i));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int limited = 0;
            for (int i = 0; i < 500; i++) {
                String error = flooder.expect("error").path("error").asText();
                if (error.startsWith("Too many signals")) {
                    limited++;
                } else {
                    assertEquals("Unknown sessionID", error);
                }
            }
            // signal_burst at once, then signals_per_second (the last error may be read a little after the sending)
            assertTrue(limited >= 500 - 40 - 20 * (seconds + 1), "the burst and the rate pass: " + limited);
        }
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.wsPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        String id = newSession();
        try (CallPage caller = page(17); CallPage callee = page(18)) {
            caller.signal(call(id, "[18]", ""));
            callee.expect("call");
        }
    }

    private static HttpResponse<String> reject(int devId, long userId, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.wsPort() + "/calls/reject"))
                .header("Content-Type", "application/json").header("X-Comet-Dev-Id", String.valueOf(devId))
                .header("X-Comet-User-Id", String.valueOf(userId)).header("X-Comet-User-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A {@code POST /calls/reject} with {@code headers} from the local address {@code source}; returns the status. */
    private static int rawPostFrom(String source, String headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.wsPort(), InetAddress.getByName(source), 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /calls/reject HTTP/1.1\r\nHost: localhost\r\n" + headers
                    + "Content-Length: " + bytes.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    /**
     * A POST over a plain socket, in one write, that declares {@code declaredLength} body bytes and sends {@code body}
     * (the JDK client would not send a body to be refused); returns the status.
     */
    private static int rawPost(String path, int declaredLength, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.wsPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + declaredLength + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
