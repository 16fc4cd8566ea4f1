package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.browser.BrowserPage.Event;
import org.cometserver.server.e2e.ws.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * Chromium's fake camera and microphone. One browser, one server (answer_timeout 4 s: short for the not-answered
 * test, long enough for the others on a busy machine) and four pages for the whole class, as opening pages is what
 * costs: user 201 (the caller), user 202 on two devices (phone, laptop) and user 203; each test has its own
 * session and looks at its session's events only.
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
    private static BrowserPage caller;
    private static BrowserPage phone;
    private static BrowserPage laptop;
    private static BrowserPage callee;

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
        caller = user(201, "caller201");
        phone = user(202, "phone202");
        laptop = user(202, "laptop202");
        callee = user(203, "callee203");
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

    @AfterEach
    void noAutoAccept() {
        for (BrowserPage page : List.of(caller, phone, laptop, callee)) {
            page.eval("window.autoAccept = false");
        }
    }

    /**
     * The acceptance's main scenario: user 201 calls user 202, who has two devices; both ring with the call's fields,
     * one accepts, the other stops ringing; the two connections reach connected with fake media both ways; an update
     * arrives; the caller hangs up and the callee hears it.
     */
    @Test
    void videoCallToAUserOnTwoDevices() {
        String id = call(caller, "[202]", VIDEO, "{name: 'Ann', avatar: 7}");
        for (BrowserPage device : List.of(phone, laptop)) {
            JsonNode ringing = device.await("call", forSession(id)).value();
            assertEquals(201, ringing.path("initiatorID").asInt(), device + ": " + ringing);
            assertEquals("[202]", ringing.path("opponentsIDs").toString());
            assertEquals(VIDEO, ringing.path("callType").asInt());
            assertEquals("Ann", ringing.path("userInfo").path("name").asText());
            assertEquals(7, ringing.path("userInfo").path("avatar").asInt());
        }
        accept(phone, id);

        JsonNode stopped = laptop.await("stop", forSession(id)).value();
        assertEquals("accepted_elsewhere", stopped.path("extension").path("reason").asText(), stopped.toString());
        assertEquals(202, stopped.path("userId").asInt());
        laptop.await("close", forSession(id));
        assertTrue(laptop.eval("cometCalls.getSession('" + id + "') === undefined").asBoolean(),
                "the other device holds nothing");
        assertEquals(202, caller.await("accept", forSession(id)).value().path("userId").asInt());

        awaitConnected(caller, id, 202);
        awaitConnected(phone, id, 201);
        caller.await("stream", from(id, 202));
        phone.await("stream", from(id, 201));
        awaitMediaFlowing(caller, id, 202);
        awaitMediaFlowing(phone, id, 201);
        assertEquals(List.of("audio", "video"), remoteKinds(caller, id, 202));
        assertEquals(List.of("audio", "video"), remoteKinds(phone, id, 201));

        caller.eval("cometCalls.getSession('" + id + "').update({camera: 'off'})");
        JsonNode update = phone.await("update", forSession(id)).value();
        assertEquals(201, update.path("userId").asInt());
        assertEquals("off", update.path("extension").path("camera").asText());

        caller.eval("cometCalls.getSession('" + id + "').stop({bye: 1})");
        JsonNode hungUp = phone.await("stop", forSession(id)).value();
        assertEquals(201, hungUp.path("userId").asInt());
        assertEquals(1, hungUp.path("extension").path("bye").asInt());
        phone.await("close", forSession(id));
        caller.await("close", forSession(id));
        for (BrowserPage page : List.of(caller, phone, laptop)) {
            assertTrue(page.events("error").stream().noneMatch(e -> id.equals(e.data().path("sessionID").asText())),
                    page + ": " + page.events("error"));
        }
    }

    @Test
    void rejectedCall() {
        String id = call(caller, "[203]", AUDIO, "{}");
        assertEquals(AUDIO, callee.await("call", forSession(id)).value().path("callType").asInt());
        callee.eval("cometCalls.getSession('" + id + "').reject({busy: true})");
        JsonNode rejected = caller.await("reject", forSession(id)).value();
        assertEquals(203, rejected.path("userId").asInt());
        assertTrue(rejected.path("extension").path("busy").asBoolean(), rejected.toString());
        caller.await("close", forSession(id));
        callee.await("close", forSession(id));
    }

    /**
     * {@code POST /calls/reject} as a mobile app woken by a push sends it: the caller's page hears the reject, and the
     * user's page that still rang stops ringing.
     */
    @Test
    void rejectedOverHttp() throws Exception {
        String id = call(caller, "[203]", VIDEO, "{}");
        callee.await("call", forSession(id));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.wsPort()
                        + "/calls/reject"))
                .header("Content-Type", "application/json").header("X-Comet-Dev-Id", "0")
                .header("X-Comet-User-Id", "203").header("X-Comet-User-Key", "key203")
                .POST(HttpRequest.BodyPublishers.ofString("{\"recipientId\": 201, \"sessionID\": \"" + id
                        + "\", \"platform\": \"ios\", \"userInfo\": {\"busy\": true}}"))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{}", response.body());
        JsonNode rejected = caller.await("reject", forSession(id)).value();
        assertEquals(203, rejected.path("userId").asInt());
        assertTrue(rejected.path("extension").path("busy").asBoolean(), rejected.toString());
        caller.await("close", forSession(id));
        JsonNode stopped = callee.await("stop", forSession(id)).value();
        assertEquals("rejected_elsewhere", stopped.path("extension").path("reason").asText(), stopped.toString());
        callee.await("close", forSession(id));
    }

    /** A backend ends an established call with {@code DELETE FROM calls}: both pages hear reason "server". */
    @Test
    void deletedWithSql() {
        String id = call(caller, "[203]", AUDIO, "{}");
        callee.await("call", forSession(id));
        accept(callee, id);
        awaitConnected(caller, id, 203);
        execute("DELETE FROM calls WHERE session_id = '" + id + "'");
        JsonNode atCaller = caller.await("stop", forSession(id)).value();
        assertEquals(203, atCaller.path("userId").asInt(), atCaller.toString());
        assertEquals("server", atCaller.path("extension").path("reason").asText(), atCaller.toString());
        JsonNode atCallee = callee.await("stop", forSession(id)).value();
        assertEquals(201, atCallee.path("userId").asInt(), atCallee.toString());
        assertEquals("server", atCallee.path("extension").path("reason").asText(), atCallee.toString());
        caller.await("close", forSession(id));
        callee.await("close", forSession(id));
    }

    /** answer_timeout is 4 s here: the caller hears "not answered", the callee's page stops ringing. */
    @Test
    void notAnsweredAfterTheTimeout() {
        String id = call(caller, "[203]", VIDEO, "{}");
        callee.await("call", forSession(id));
        long rang = System.nanoTime();
        assertEquals(203, caller.await("notAnswer", forSession(id)).value().path("userId").asInt());
        long seconds = (System.nanoTime() - rang) / 1_000_000_000L;
        assertTrue(seconds <= 6, "not answered after " + seconds + " s");
        JsonNode stopped = callee.await("stop", forSession(id)).value();
        assertEquals("not_answered", stopped.path("extension").path("reason").asText(), stopped.toString());
        caller.await("close", forSession(id));
        callee.await("close", forSession(id));
    }

    /** A callee with no connection at all is reported not answered at once. */
    @Test
    void offlineCalleeIsNotAnswered() {
        String id = call(caller, "[299]", AUDIO, "{}");
        assertEquals(299, caller.await("notAnswer", forSession(id)).value().path("userId").asInt());
        caller.await("close", forSession(id));
    }

    /** The caller's tab closes while the call rings: the callee stops ringing (reason "disconnected"). */
    @Test
    void callerClosingWhileRingingEndsTheCall() {
        String id;
        try (BrowserPage leaving = user(204, "caller204")) {
            id = call(leaving, "[203]", VIDEO, "{}");
            callee.await("call", forSession(id));
        }
        JsonNode stopped = callee.await("stop", forSession(id)).value();
        assertEquals("disconnected", stopped.path("extension").path("reason").asText(), stopped.toString());
        assertEquals(204, stopped.path("userId").asInt());
        callee.await("close", forSession(id));
    }

    /** An anonymous page cannot signal: its call gets an error frame, nobody rings. */
    @Test
    void anonymousPageCannotCall() {
        try (BrowserPage anonymous = chromium.open("anonymous", server.wsPort())) {
            anonymous.eval(PAGE_SETUP);
            anonymous.eval("cometApi.start({node: '127.0.0.1:" + server.wsPort() + "'}, rec('started'))");
            anonymous.await("started");
            String id = call(anonymous, "[203]", AUDIO, "{}");
            Event error = anonymous.await("error");
            assertTrue(error.data().path("error").asText().contains("authorized"), error.toString());
            // a round trip on the callee's socket: a call relayed before it would have arrived by now
            callee.eval("cometApi.count_users_in_pipe('web_calls203', rec('count'))");
            callee.await("count");
            assertTrue(callee.events("call").stream().noneMatch(forSession(id)), callee.events("call").toString());
        }
    }

    /**
     * A 3-party mesh: 201 calls 202 (two devices) and 203; the phone and 203 answer, the laptop stops ringing, and
     * every pair of the three users is connected; after the caller hangs up, 202 and 203 go on.
     */
    @Test
    void threePartyMeshConnectsEveryPair() {
        phone.eval("window.autoAccept = true");
        callee.eval("window.autoAccept = true");
        String id = call(caller, "[202, 203]", VIDEO, "{room: 'mesh'}");
        assertEquals("[202,203]", phone.await("call", forSession(id)).value().path("opponentsIDs").toString());
        assertEquals("accepted_elsewhere", laptop.await("stop", forSession(id)).value().path("extension")
                .path("reason").asText());
        awaitConnected(caller, id, 202);
        awaitConnected(caller, id, 203);
        awaitConnected(phone, id, 201);
        awaitConnected(phone, id, 203);
        awaitConnected(callee, id, 201);
        awaitConnected(callee, id, 202);
        awaitMediaFlowing(phone, id, 203);
        awaitMediaFlowing(callee, id, 202);
        assertEquals(Set.of(202, 203), Set.copyOf(acceptedBy(caller, id)));

        caller.eval("cometCalls.getSession('" + id + "').stop()");
        phone.await("stop", from(id, 201));
        callee.await("stop", from(id, 201));
        assertEquals("connected", connectionState(phone, id, 203), "202 and 203 go on without the caller");
        phone.eval("cometCalls.getSession('" + id + "').stop()");
        callee.await("stop", from(id, 202));
        callee.await("close", forSession(id));
        assertTrue(laptop.events("state").stream().noneMatch(forSession(id)), "the laptop never connected");
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

    /** An event of session {@code id} about user {@code userId}. */
    private static Predicate<Event> from(String id, int userId) {
        return event -> forSession(id).test(event) && event.value().path("userId").asInt() == userId;
    }

    /** onSessionConnectionStateChangedListener said CONNECTED and the RTCPeerConnection agrees. */
    private static void awaitConnected(BrowserPage page, String id, int userId) {
        page.await("state", e -> from(id, userId).test(e) && e.value().path("state").asInt() == CONNECTED);
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

    /** The users the page heard accept in session {@code id}. */
    private static List<Integer> acceptedBy(BrowserPage page, String id) {
        return page.events("accept").stream().filter(forSession(id)).map(e -> e.value().path("userId").asInt())
                .toList();
    }

    private static void execute(String statement) {
        try (Statement s = sql.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new AssertionError(statement, e);
        }
    }
}
