package org.cometserver.server.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.ws.CallPage;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * P2P calls across two server processes on one Redis (docs/CALLS.md "Several nodes"): the caller on n1, callees with
 * devices on n2 and n1, every signal relayed with the owner's {@code callerID}/{@code from}, multi-device ringing,
 * refusals from the owner back to the other node, the answer timeout, disconnects, and a killed callee's node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallsAcrossNodesTest {
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static ClusterNodes cluster;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startPrivate();
        cluster = ClusterNodes.start(dir, redis, 2, "[calls]\nanswer_timeout = 4\n");
        CallPage.register(cluster.node("n1").cometQl(), MariadbCli.PASSWORD, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                12, 13, 14, 15, 16);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String newSession() {
        return "cluster-" + SESSIONS.incrementAndGet();
    }

    private static CallPage page(String node, long userId) {
        return CallPage.open(cluster.node(node).ws(), 0, userId);
    }

    private static String call(String session, String opponents) {
        return CallPage.callSignal(session, opponents, "");
    }

    private static String signal(String type, String session, long to, String extra) {
        return CallPage.signalOf(type, session, to, extra);
    }

    /** The caller calls the callee alone, who answers. */
    private static void answered(String id, CallPage caller, CallPage callee) throws InterruptedException {
        awaitOnline(callee.userId);
        caller.signal(call(id, "[" + callee.userId + "]"));
        callee.expect("call");
        callee.signal(signal("accept", id, caller.userId, ",'sdp':'v=0 answer'"));
        caller.expect("accept");
    }

    /** Waits until every node sees the user online (presence: his connections are registered, so frames reach them). */
    private static void awaitOnline(long userId) throws InterruptedException {
        for (ClusterNodes.Node node : cluster.nodes()) {
            String last = "";
            for (int i = 0; i < 100; i++) {
                last = MariadbCli.execute(node.cometQl(), MariadbCli.Tls.SKIP_SSL,
                        "SELECT time FROM users_time WHERE id = " + userId, "-N").assertSuccess().stdout().strip();
                if (last.equals("0")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("0", last, "user " + userId + " online as node " + node.name() + " sees it");
        }
    }

    @Test
    @Order(1)
    void callerOnOneNodeTalksToTheCalleeOnTheOtherWhoseOtherDeviceStopsRinging() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 1); CallPage phone = page("n2", 2); CallPage laptop = page("n1", 2)) {
            awaitOnline(2);
            caller.signal(call(id, "[2]"));
            for (CallPage device : List.of(phone, laptop)) {
                JsonNode call = device.expect("call");
                assertEquals(id, call.path("sessionID").asText());
                assertEquals(1, call.path("callerID").asLong(), "the owner's caller id, not the page's 999");
                assertEquals(1, call.path("from").asLong());
                assertEquals("[2]", call.path("opponentsIDs").toString());
                assertEquals("Ann", call.path("userInfo").path("name").asText());
            }

            phone.signal(signal("accept", id, 1, ",'sdp':'v=0 answer','platform':'web','callerID':7"));
            JsonNode accept = caller.expect("accept");
            assertEquals(2, accept.path("from").asLong());
            assertEquals(1, accept.path("callerID").asLong());
            assertEquals("v=0 answer", accept.path("sdp").asText());
            assertEquals(2, laptop.expect("accept").path("from").asLong(), "the other device stops ringing");

            caller.signal(signal("iceCandidates", id, 2,
                    ",'iceCandidates':[{'sdpMLineIndex':0,'sdpMid':'0','candidate':'candidate:1 1 udp 1 h 1 typ host'}]"));
            assertEquals("candidate:1 1 udp 1 h 1 typ host",
                    phone.expect("iceCandidates").path("iceCandidates").get(0).path("candidate").asText());
            phone.signal(signal("iceCandidates", id, 1,
                    ",'iceCandidates':[{'sdpMLineIndex':0,'sdpMid':'0','candidate':'candidate:2 1 udp 1 h 2 typ host'}]"));
            assertEquals("candidate:2 1 udp 1 h 2 typ host",
                    caller.expect("iceCandidates").path("iceCandidates").get(0).path("candidate").asText());
            phone.signal(signal("update", id, 1, ",'video':false"));
            assertFalse(caller.expect("update").path("video").asBoolean(true));

            assertEquals("ESTABLISHED", MariadbCli.execute(cluster.node("n2").cometQl(), MariadbCli.Tls.SKIP_SSL,
                    "SELECT state FROM calls WHERE session_id = '" + id + "'", "-N").assertSuccess().stdout().strip(),
                    "n2 asks n1, which holds the session");
            assertEquals(id + "\tESTABLISHED", sql("n2", "SELECT session_id, state FROM calls WHERE user_id = 2"),
                    "n2 asks every node for the user's calls");
            assertTrue(sql("n2", "SELECT session_id FROM calls").lines().anyMatch(id::equals),
                    "a full scan on n2 shows n1's session");

            laptop.signal(signal("update", id, 1, ",'video':true"));
            assertEquals("The call was answered on another connection of this user",
                    laptop.expect("error").path("error").asText());

            caller.signal(signal("hangUp", id, 0, ""));
            JsonNode hangUp = phone.expect("hangUp");
            assertEquals(1, hangUp.path("from").asLong());
            laptop.expectNothing(300);
        }
    }

    @Test
    @Order(2)
    void aRejectOnTheOtherNodeReachesTheCallerAndTheCalleesOtherDevice() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 3); CallPage phone = page("n2", 4); CallPage laptop = page("n1", 4)) {
            awaitOnline(4);
            caller.signal(call(id, "[4]"));
            phone.expect("call");
            laptop.expect("call");

            phone.signal(signal("reject", id, 0, ",'userInfo':{'busy':1}"));

            JsonNode reject = caller.expect("reject");
            assertEquals(4, reject.path("from").asLong());
            assertEquals(1, reject.path("userInfo").path("busy").asInt());
            assertEquals(4, laptop.expect("reject").path("from").asLong());
            phone.expectNothing(300);
        }
    }

    @Test
    @Order(3)
    void refusalsOfTheOwnerReachTheSenderOnTheOtherNodeAndADeleteThereHangsUp() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 5); CallPage callee = page("n2", 6)) {
            awaitOnline(6);
            caller.signal(call(id, "[6]"));
            callee.expect("call");

            callee.signal(signal("iceCandidates", id, 12,
                    ",'iceCandidates':[{'sdpMLineIndex':0,'sdpMid':'0','candidate':'candidate:1 1 udp 1 h 1 typ host'}]"));

            JsonNode error = callee.expect("error");
            assertEquals("User 12 is not in this call", error.path("error").asText());
            assertEquals(id, error.path("sessionID").asText());
            assertEquals("iceCandidates", error.path("signalType").asText());

            deleteOnN2AndExpectHangUp("DELETE FROM calls WHERE session_id = '" + id + "'", 6, caller, callee);
        }
    }

    @Test
    @Order(4)
    void aRejectOverHttpOnTheOtherNodeReachesTheCaller() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 13); CallPage phone = page("n2", 14)) {
            awaitOnline(14);
            caller.signal(call(id, "[14]"));
            phone.expect("call");

            // refusals of the owner (n1) come back with the status n1 itself would answer
            HttpResponse<String> stranger = rejectOnN2(12, id, 13);
            assertEquals(404, stranger.statusCode(), stranger.body());
            assertEquals("You are not in this call", JSON.readTree(stranger.body()).path("error").asText());
            assertEquals(400, rejectOnN2(14, id, 14).statusCode(), "to is the sender");
            HttpResponse<String> nobodys = rejectOnN2(14, "nobody-holds-" + id, 13);
            assertEquals(404, nobodys.statusCode(), nobodys.body());
            assertEquals("Unknown sessionID", JSON.readTree(nobodys.body()).path("error").asText());

            HttpResponse<String> ok = rejectOnN2(14, id, 13);
            assertEquals(200, ok.statusCode(), ok.body());

            JsonNode reject = caller.expect("reject");
            assertEquals(14, reject.path("from").asLong());
            assertEquals("ios", reject.path("platform").asText());
            assertEquals(14, phone.expect("reject").path("from").asLong(), "the page stops ringing too");
        }
    }

    /** {@code POST /calls/reject} on n2 as user {@code userId} (its key is {@code key<id>}), body as ConnectyCube's. */
    private static HttpResponse<String> rejectOnN2(long userId, String session, long recipient) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + cluster.node("n2").ws() + "/calls/reject"))
                .header("Content-Type", "application/json").header("X-Comet-Dev-Id", "0")
                .header("X-Comet-User-Id", String.valueOf(userId)).header("X-Comet-User-Key", "key" + userId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"recipientId\": " + recipient + ", \"sessionID\": \""
                        + session + "\", \"platform\": \"ios\", \"userInfo\": {\"busy\": true}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code delete} on n2: the leg of {@code userId} ends, each page gets {@code hangUp}, reason "server". */
    private static void deleteOnN2AndExpectHangUp(String delete, long userId, CallPage... pages) throws Exception {
        MariadbCli.execute(cluster.node("n2").cometQl(), MariadbCli.Tls.SKIP_SSL, delete).assertSuccess();
        for (CallPage page : pages) {
            JsonNode hangUp = page.expect("hangUp");
            assertEquals("server", hangUp.path("reason").asText());
            assertEquals(userId, hangUp.path("userId").asLong());
        }
    }

    private static String sql(String node, String statement) {
        return MariadbCli.execute(cluster.node(node).cometQl(), MariadbCli.Tls.SKIP_SSL, statement, "-N")
                .assertSuccess().stdout().strip();
    }

    @Test
    @Order(5)
    void anUnansweredCalleeOnTheOtherNodeTimesOutAndAnOfflineOneAtOnce() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 7); CallPage callee = page("n2", 8)) {
            awaitOnline(8);
            caller.signal(call(id, "[8,11]"));
            callee.expect("call");

            JsonNode offline = caller.expect("notAnswer");
            assertEquals(11, offline.path("userId").asLong(), "user 11 has no connection on any node");
            JsonNode timedOut = caller.expect("notAnswer");
            assertEquals(8, timedOut.path("userId").asLong());
            JsonNode hangUp = callee.expect("hangUp");
            assertEquals("not_answered", hangUp.path("reason").asText());
            assertEquals(8, hangUp.path("userId").asLong());
        }
    }

    @Test
    @Order(6)
    void aCalleeClosingItsPageOnTheOtherNodeHangsUp() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 9)) {
            try (CallPage callee = page("n2", 10)) {
                answered(id, caller, callee);
            }
            JsonNode hangUp = caller.expect("hangUp");
            assertEquals("disconnected", hangUp.path("reason").asText());
            assertEquals(10, hangUp.path("userId").asLong());
            assertEquals(0, hangUp.path("from").asLong());
        }
    }

    @Test
    @Order(7)
    void aDeleteOfAUsersCallsOnTheOtherNodeHangsUpTheSessionItsCallerHolds() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 15); CallPage callee = page("n2", 16)) {
            answered(id, caller, callee);

            assertEquals(id + "\t16", sql("n2", "SELECT session_id, user_id FROM calls WHERE user_id = 16"),
                    "the callee's leg, which n1 holds");
            deleteOnN2AndExpectHangUp("DELETE FROM calls WHERE user_id = 16", 16, caller, callee);
        }
    }

    @Test
    @Order(8)
    void killingTheCalleesNodeHangsUpForTheCaller() throws Exception {
        String id = newSession();
        try (CallPage caller = page("n1", 11); CallPage callee = page("n2", 12)) {
            answered(id, caller, callee);

            cluster.kill("n2");

            JsonNode hangUp = caller.expect("hangUp");
            assertEquals("disconnected", hangUp.path("reason").asText());
            assertEquals(12, hangUp.path("userId").asLong());
        }
    }
}
