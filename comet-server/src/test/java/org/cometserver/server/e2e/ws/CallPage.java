package org.cometserver.server.e2e.ws;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser page in a P2P call as the tests drive it: a WebSocket connection of a user that sends
 * {@code call_signal}s and reads the {@code _calls} frames and error frames it gets (anything else is skipped).
 */
public final class CallPage implements AutoCloseable {
    private final JdkWsClient client;
    public final long userId;

    private CallPage(JdkWsClient client, long userId) {
        this.client = client;
        this.userId = userId;
    }

    /** Gives the user of {@code devId} the hash {@code key<id>} (CometQL login {@code <devId>}). */
    public static void register(int cometQlPort, String password, int devId, long... userIds) throws SQLException {
        try (Connection cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cometQlPort
                + "/CometQL_v1?sslMode=DISABLED", String.valueOf(devId), password);
             Statement s = cometQl.createStatement()) {
            for (long id : userIds) {
                s.execute("INSERT INTO users_auth (id, hash) VALUES (" + id + ", 'key" + id + "')");
            }
        }
    }

    /** An authorised page of a registered user. */
    public static CallPage open(int wsPort, int devId, long userId) {
        JdkWsClient client = JdkWsClient.connect(wsPort, "/ws/sesion=key" + userId + "&myid=" + userId + "&devid="
                + devId + "&v=4.08&uuid=callPageUUIDcallPageUUIDcallPa" + (userId % 100 < 10 ? "0" : "")
                + userId % 100 + "&api=js");
        JsonNode greeting = client.next();
        assertTrue(greeting.path("authorized").asBoolean(), greeting.toString());
        return new CallPage(client, userId);
    }

    /** An anonymous page. */
    public static CallPage anonymous(int wsPort) {
        return new CallPage(JdkWsClient.anonymous(wsPort, "anonymousCallPageUUIDanonymousCa"), 0);
    }

    /**
     * A {@code call} creating session {@code session} for {@code opponents} (a JSON array), with a made-up
     * {@code callerID} the server must replace; {@code extra} more fields. Quotes may be {@code '} (see {@link #signal}).
     */
    public static String callSignal(String session, String opponents, String extra) {
        return "{'signalType':'call','sessionID':'" + session + "','callType':1,'sdp':'v=0 offer','platform':'web',"
                + "'opponentsIDs':" + opponents + ",'callerID':999,'userInfo':{'name':'Ann'}" + extra + "}";
    }

    /** A signal of {@code type} in {@code session} to {@code to} (0: none), with {@code extra} fields. */
    public static String signalOf(String type, String session, long to, String extra) {
        return "{'signalType':'" + type + "','sessionID':'" + session + "'" + (to == 0 ? "" : ",'to':" + to)
                + extra + "}";
    }

    /** Sends the signal; {@code '} in it stands for {@code "}. */
    public void signal(String json) {
        client.send("call_signal\n" + json.replace('\'', '"'));
    }

    /** The next {@code _calls} frame or error frame. */
    public JsonNode next() {
        return client.next(frame -> "_calls".equals(frame.path("pipe").asText())
                || "error".equals(frame.path("event").asText()));
    }

    /** The next frame, which must be the call event {@code event}; returns its data. */
    public JsonNode expect(String event) {
        JsonNode frame = next();
        assertEquals(event, frame.path("event").asText(), frame.toString());
        if (!"error".equals(event)) {
            assertEquals("_calls", frame.path("pipe").asText(), frame.toString());
        }
        return frame.path("data");
    }

    /** Nothing call-related arrives within {@code millis}. */
    public void expectNothing(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        long left;
        while ((left = deadline - System.currentTimeMillis()) > 0) {
            JsonNode frame = client.nextWithin(left);
            if (frame == null) {
                return;
            }
            assertNull("_calls".equals(frame.path("pipe").asText()) || "error".equals(frame.path("event").asText())
                    ? frame : null, "unexpected frame");
        }
    }

    public JdkWsClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
