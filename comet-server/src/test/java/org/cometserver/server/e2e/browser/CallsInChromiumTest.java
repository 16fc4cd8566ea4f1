package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.browser.BrowserPage.Event;
import org.cometserver.server.e2e.ws.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10 acceptance 1: P2P calls between Chromium pages with {@code cometCalls} (js-client) signalled through the
 * server ({@code call_signal}, pipe {@code _calls}, docs/CALLS.md): real RTCPeerConnections over loopback with
 * Chromium's fake camera and microphone. One browser and one server for the whole class (answer_timeout 4 s: short
 * for the not-answered test, long enough for the others on a busy machine); every test has its own user ids.
 */
class CallsInChromiumTest {
    private static final int VIDEO = 1;
    private static final int AUDIO = 2;
    private static final int CONNECTED = 2; // cometCalls.SessionConnectionState.CONNECTED

    /**
     * The page's listeners report what they were given, as plain JSON, to the test: {@code rec(tag)} events tagged
     * call, accept, reject, stop, notAnswer, update, stream, state, close (each with the sessionID), auth and error.
     * {@code window.autoAccept} makes the page answer every call with its fake camera and microphone.
     */
    private static final String PAGE_SETUP = """
            cometCalls.config({iceServers: []});
            window.autoAccept = false;
            window.report = (tag, value) => rec(tag)(value);
            cometCalls.onCallListener = (s, ext) => {
              report('call', {sessionID: s.ID, initiatorID: s.initiatorID, opponentsIDs: s.opponentsIDs,
                callType: s.callType, state: s.state, userInfo: ext});
              if (window.autoAccept) {
                s.getUserMedia({audio: true, video: true}).then(() => s.accept({}));
              }
            };
            cometCalls.onAcceptCallListener = (s, u, ext) => report('accept', {sessionID: s.ID, userId: u, extension: ext});
            cometCalls.onRejectCallListener = (s, u, ext) => report('reject', {sessionID: s.ID, userId: u, extension: ext});
            cometCalls.onStopCallListener = (s, u, ext) => report('stop', {sessionID: s.ID, userId: u, extension: ext});
            cometCalls.onUserNotAnswerListener = (s, u) => report('notAnswer', {sessionID: s.ID, userId: u});
            cometCalls.onUpdateCallListener = (s, u, ext) => report('update', {sessionID: s.ID, userId: u, extension: ext});
            cometCalls.onRemoteStreamListener = (s, u, stream) => report('stream', {sessionID: s.ID, userId: u});
            cometCalls.onSessionConnectionStateChangedListener = (s, u, state) =>
              report('state', {sessionID: s.ID, userId: u, state});
            cometCalls.onSessionCloseListener = (s) => report('close', {sessionID: s.ID, state: s.state});
            cometApi.subscription('sys.error', rec('error'));
            cometApi.onAuthSuccess(rec('auth'));
            """;

    private static final Set<Integer> USERS = new HashSet<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static E2eServer server;
    private static Chromium chromium;
    private static Connection sql;

    @BeforeAll
    static void start() throws SQLException {
        server = E2eServer.embedded("""
                [calls]
                answer_timeout = 4
                """);
        chromium = Chromium.launch("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection");
        sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/CometQL_v1?sslMode=DISABLED",
                "root", MariadbCli.PASSWORD);
    }

    @AfterAll
    static void stop() throws SQLException {
        if (sql != null) {
            sql.close();
        }
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * The acceptance's main scenario: user 101 calls user 102, who has two devices; both ring with the call's fields,
     * one accepts, the other stops ringing; the two connections reach connected with fake media both ways; an update
     * arrives; the caller hangs up and the callee hears it.
     */
    @Test
    void videoCallToAUserOnTwoDevices() {
        try (BrowserPage caller = user(101, "caller101"); BrowserPage phone = user(102, "phone102");
             BrowserPage laptop = user(102, "laptop102")) {
            String id = call(caller, "[102]", VIDEO, "{name: 'Ann', avatar: 7}");

            for (BrowserPage device : List.of(phone, laptop)) {
                JsonNode ringing = device.await("call").value();
                assertEquals(id, ringing.path("sessionID").asText(), device + ": " + ringing);
                assertEquals(101, ringing.path("initiatorID").asInt());
                assertEquals("[102]", ringing.path("opponentsIDs").toString());
                assertEquals(VIDEO, ringing.path("callType").asInt());
                assertEquals("Ann", ringing.path("userInfo").path("name").asText());
                assertEquals(7, ringing.path("userInfo").path("avatar").asInt());
            }
            accept(phone, id);

            JsonNode stopped = laptop.await("stop", forSession(id)).value();
            assertEquals("accepted_elsewhere", stopped.path("extension").path("reason").asText(), stopped.toString());
            assertEquals(102, stopped.path("userId").asInt());
            laptop.await("close", forSession(id));
            assertEquals(0, laptop.eval("cometCalls.sessions.size").asInt(), "the other device holds nothing");
            assertEquals(102, caller.await("accept", forSession(id)).value().path("userId").asInt());

            awaitConnected(caller, id, 102);
            awaitConnected(phone, id, 101);
            caller.await("stream", e -> forSession(id).test(e) && e.value().path("userId").asInt() == 102);
            phone.await("stream", e -> forSession(id).test(e) && e.value().path("userId").asInt() == 101);
            awaitMediaFlowing(caller, id, 102);
            awaitMediaFlowing(phone, id, 101);
            assertEquals(List.of("audio", "video"), remoteKinds(caller, id, 102));
            assertEquals(List.of("audio", "video"), remoteKinds(phone, id, 101));

            caller.eval("cometCalls.getSession('" + id + "').update({camera: 'off'})");
            JsonNode update = phone.await("update", forSession(id)).value();
            assertEquals(101, update.path("userId").asInt());
            assertEquals("off", update.path("extension").path("camera").asText());

            caller.eval("cometCalls.getSession('" + id + "').stop({bye: 1})");
            JsonNode hungUp = phone.await("stop", forSession(id)).value();
            assertEquals(101, hungUp.path("userId").asInt());
            assertEquals(1, hungUp.path("extension").path("bye").asInt());
            phone.await("close", forSession(id));
            caller.await("close", forSession(id));
            assertTrue(caller.events("error").isEmpty() && phone.events("error").isEmpty(),
                    caller.events("error") + " " + phone.events("error"));
        }
    }

    @Test
    void rejectedCall() {
        try (BrowserPage caller = user(111, "caller111"); BrowserPage callee = user(112, "callee112")) {
            String id = call(caller, "[112]", AUDIO, "{}");
            assertEquals(AUDIO, callee.await("call").value().path("callType").asInt());
            callee.eval("cometCalls.getSession('" + id + "').reject({busy: true})");
            JsonNode rejected = caller.await("reject", forSession(id)).value();
            assertEquals(112, rejected.path("userId").asInt());
            assertTrue(rejected.path("extension").path("busy").asBoolean(), rejected.toString());
            caller.await("close", forSession(id));
            callee.await("close", forSession(id));
        }
    }

    /**
     * {@code POST /calls/reject} as a mobile app woken by a push sends it: the caller's page hears the reject, and the
     * user's page that still rang stops ringing.
     */
    @Test
    void rejectedOverHttp() throws Exception {
        try (BrowserPage caller = user(171, "caller171"); BrowserPage callee = user(172, "callee172")) {
            String id = call(caller, "[172]", VIDEO, "{}");
            callee.await("call", forSession(id));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.wsPort()
                            + "/calls/reject"))
                    .header("Content-Type", "application/json").header("X-Comet-Dev-Id", "0")
                    .header("X-Comet-User-Id", "172").header("X-Comet-User-Key", "key172")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"recipientId\": 171, \"sessionID\": \"" + id
                            + "\", \"platform\": \"ios\", \"userInfo\": {\"busy\": true}}"))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{}", response.body());
            JsonNode rejected = caller.await("reject", forSession(id)).value();
            assertEquals(172, rejected.path("userId").asInt());
            assertTrue(rejected.path("extension").path("busy").asBoolean(), rejected.toString());
            caller.await("close", forSession(id));
            JsonNode stopped = callee.await("stop", forSession(id)).value();
            assertEquals("rejected_elsewhere", stopped.path("extension").path("reason").asText(), stopped.toString());
            callee.await("close", forSession(id));
        }
    }

    /** answer_timeout is 4 s here: the caller hears "not answered", the callee's page stops ringing. */
    @Test
    void notAnsweredAfterTheTimeout() {
        try (BrowserPage caller = user(121, "caller121"); BrowserPage callee = user(122, "callee122")) {
            String id = call(caller, "[122]", VIDEO, "{}");
            callee.await("call");
            long rang = System.nanoTime();
            assertEquals(122, caller.await("notAnswer", forSession(id)).value().path("userId").asInt());
            long seconds = (System.nanoTime() - rang) / 1_000_000_000L;
            assertTrue(seconds <= 6, "not answered after " + seconds + " s");
            JsonNode stopped = callee.await("stop", forSession(id)).value();
            assertEquals("not_answered", stopped.path("extension").path("reason").asText(), stopped.toString());
            caller.await("close", forSession(id));
            callee.await("close", forSession(id));
        }
    }

    /** A callee with no connection at all is reported not answered at once. */
    @Test
    void offlineCalleeIsNotAnswered() {
        try (BrowserPage caller = user(131, "caller131")) {
            String id = call(caller, "[132]", AUDIO, "{}");
            assertEquals(132, caller.await("notAnswer", forSession(id)).value().path("userId").asInt());
            caller.await("close", forSession(id));
        }
    }

    /** The caller's tab closes while the call rings: the callee stops ringing (reason "disconnected"). */
    @Test
    void callerClosingWhileRingingEndsTheCall() {
        try (BrowserPage callee = user(142, "callee142")) {
            String id;
            try (BrowserPage caller = user(141, "caller141")) {
                id = call(caller, "[142]", VIDEO, "{}");
                callee.await("call", forSession(id));
            }
            JsonNode stopped = callee.await("stop", forSession(id)).value();
            assertEquals("disconnected", stopped.path("extension").path("reason").asText(), stopped.toString());
            callee.await("close", forSession(id));
        }
    }

    /** An anonymous page cannot signal: its call gets an error frame, nobody rings. */
    @Test
    void anonymousPageCannotCall() {
        try (BrowserPage callee = user(152, "callee152"); BrowserPage anonymous = chromium.open("anon", server.wsPort())) {
            anonymous.eval(PAGE_SETUP);
            anonymous.eval("cometApi.start({node: '127.0.0.1:" + server.wsPort() + "'}, rec('started'))");
            anonymous.await("started");
            call(anonymous, "[152]", AUDIO, "{}");
            Event error = anonymous.await("error");
            assertTrue(error.data().path("error").asText().contains("authorized"), error.toString());
            // a round trip on the callee's socket: a call relayed before it would have arrived by now
            callee.eval("cometApi.count_users_in_pipe('web_calls152', rec('count'))");
            callee.await("count");
            assertTrue(callee.events("call").isEmpty(), callee.events("call").toString());
        }
    }

    /** A 3-party mesh: 161 calls 162 and 163, both answer, and every pair of the three is connected. */
    @Test
    void threePartyMeshConnectsEveryPair() {
        try (BrowserPage first = user(161, "mesh161"); BrowserPage second = user(162, "mesh162");
             BrowserPage third = user(163, "mesh163")) {
            second.eval("window.autoAccept = true");
            third.eval("window.autoAccept = true");
            String id = call(first, "[162, 163]", VIDEO, "{room: 'mesh'}");
            assertEquals("[162,163]", second.await("call").value().path("opponentsIDs").toString());
            awaitConnected(first, id, 162);
            awaitConnected(first, id, 163);
            awaitConnected(second, id, 161);
            awaitConnected(second, id, 163);
            awaitConnected(third, id, 161);
            awaitConnected(third, id, 162);
            awaitMediaFlowing(second, id, 163);
            awaitMediaFlowing(third, id, 162);
            assertEquals(Set.of(162, 163), Set.copyOf(acceptedBy(first)));

            first.eval("cometCalls.getSession('" + id + "').stop()");
            second.await("stop", e -> forSession(id).test(e) && e.value().path("userId").asInt() == 161);
            third.await("stop", e -> forSession(id).test(e) && e.value().path("userId").asInt() == 161);
            assertEquals("connected", connectionState(second, id, 163), "162 and 163 go on without the caller");
            second.eval("cometCalls.getSession('" + id + "').stop()");
            third.await("stop", e -> forSession(id).test(e) && e.value().path("userId").asInt() == 162);
            third.await("close", forSession(id));
        }
    }

    // ---- helpers

    /** A page of an authorized user (users_auth inserted), its listeners reporting, connected and greeted. */
    private static BrowserPage user(int userId, String name) {
        if (USERS.add(userId)) {
            execute("INSERT INTO users_auth (id, hash) VALUES (" + userId + ", 'key" + userId + "')");
        }
        BrowserPage page = chromium.open(name, server.wsPort());
        page.eval(PAGE_SETUP);
        page.eval("cometApi.start({node: '127.0.0.1:" + server.wsPort() + "', user_id: " + userId + ", user_key: 'key"
                + userId + "'})");
        page.await("auth");
        return page;
    }

    /** Creates a session, takes the fake camera/microphone and calls; returns the sessionID. */
    private static String call(BrowserPage page, String opponents, int callType, String userInfo) {
        return page.eval("(async () => { const s = cometCalls.createSession(" + opponents + ", " + callType + ");"
                + " await s.getUserMedia({audio: true, video: " + (callType == VIDEO) + "});"
                + " await s.call(" + userInfo + "); return s.ID; })()").asText();
    }

    private static void accept(BrowserPage page, String id) {
        page.eval("(async () => { const s = cometCalls.getSession('" + id + "');"
                + " await s.getUserMedia({audio: true, video: true}); return s.accept({}); })()");
    }

    private static Predicate<Event> forSession(String id) {
        return event -> id.equals(event.value().path("sessionID").asText());
    }

    /** onSessionConnectionStateChangedListener said CONNECTED and the RTCPeerConnection agrees. */
    private static void awaitConnected(BrowserPage page, String id, int userId) {
        page.await("state", e -> forSession(id).test(e) && e.value().path("userId").asInt() == userId
                && e.value().path("state").asInt() == CONNECTED);
        Eventually.until(page + " connected to " + userId, () -> "connected".equals(connectionState(page, id, userId)),
                () -> connectionState(page, id, userId) + " " + page.logs());
    }

    private static String connectionState(BrowserPage page, String id, int userId) {
        return page.eval("(() => { const pc = cometCalls.getSession('" + id + "').getPeerConnection(" + userId + ");"
                + " return pc ? pc.connectionState : 'none'; })()").asText();
    }

    /** Video bytes from the fake camera arrive over the connection. */
    private static void awaitMediaFlowing(BrowserPage page, String id, int userId) {
        Eventually.until(page + " receives video from " + userId, () -> page.eval("cometCalls.getSession('" + id
                + "').getPeerConnection(" + userId + ").getStats().then((report) => { let bytes = 0;"
                + " report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') bytes += s.bytesReceived; });"
                + " return bytes; })").asLong() > 0, page::logs);
    }

    private static List<String> remoteKinds(BrowserPage page, String id, int userId) {
        JsonNode kinds = page.eval("cometCalls.getSession('" + id + "').getRemoteStream(" + userId + ")"
                + ".getTracks().map((t) => t.kind).sort()");
        return Chromium.JSON.convertValue(kinds, Chromium.JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }

    /** The users the page heard accept. */
    private static List<Integer> acceptedBy(BrowserPage page) {
        return page.events("accept").stream().map(e -> e.value().path("userId").asInt()).toList();
    }

    private static void execute(String statement) {
        try (Statement s = sql.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new AssertionError(statement, e);
        }
    }
}
