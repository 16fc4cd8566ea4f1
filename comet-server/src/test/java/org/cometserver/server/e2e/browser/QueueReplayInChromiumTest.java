package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.ws.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8 acceptance: 5,000 private messages queued for an offline user; our JS client connects, its socket drops
 * 0.2–0.5 s after the first replayed message, the client reconnects by itself: all 5,000 arrive, in order, once.
 */
class QueueReplayInChromiumTest {
    private static final int QUEUED = 5000;
    private static final long DELIVERY_MILLIS = 60_000;

    private static Chromium chromium;
    private static E2eServer server;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        server = E2eServer.embedded();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        server.close();
    }

    @Test
    void socketDroppedRightAfterTheGreetingLosesNothingAndRepeatsNothing() {
        sql("INSERT INTO users_auth (id, hash) VALUES (101, 'key101')");
        String script = IntStream.rangeClosed(1, QUEUED)
                .mapToObj(n -> "INSERT INTO users_messages (id, event, message) VALUES (101, 'ev', 'm" + n + "');")
                .collect(Collectors.joining("\n", "", "\n"));
        MariadbCli.session(server.port(), MariadbCli.Tls.SKIP_SSL, script).assertSuccess();

        try (BrowserPage page = chromium.open("queue101", server.wsPort())) {
            // every socket the client opens is kept, so the page can drop the first one as a lost network would
            page.eval("window.sockets = []; const Native = WebSocket;"
                    + " window.WebSocket = function (url) { const s = new Native(url); sockets.push(s); return s; };"
                    + " window.got = []; window.atDrop = -1;"
                    + " cometApi.subscription('msg', (e) => {"
                    + "   if (got.length === 0) { setTimeout(() => { atDrop = got.length; sockets[0].close(); },"
                    + "     200 + Math.random() * 300); }"
                    + "   got.push(e.data); });"
                    + " cometApi.start({node: '127.0.0.1:" + server.wsPort() + "', user_id: 101, user_key: 'key101'});"
                    + " true");
            long deadline = System.currentTimeMillis() + DELIVERY_MILLIS;
            while (page.eval("got.length").asInt() < QUEUED && System.currentTimeMillis() < deadline) {
                sleep();
            }
            Eventually.until("acknowledged messages deleted", () -> queued(101) == 0, () -> queued(101));
            JsonNode got = page.eval("got");
            List<String> received = new ArrayList<>();
            got.forEach(data -> received.add(data.asText()));
            List<String> expected = IntStream.rangeClosed(1, QUEUED).mapToObj(n -> "m" + n).toList();
            int atDrop = page.eval("atDrop").asInt();
            assertTrue(atDrop >= 0, "the first socket was dropped");
            assertEquals(expected, received, atDrop + " delivered before the drop");
            assertTrue(page.eval("sockets.length").asInt() >= 2, "the client reconnected");
        }
    }

    private static int queued(int userId) {
        try (Connection cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/CometQL_v1?sslMode=DISABLED", "root", MariadbCli.PASSWORD);
             Statement s = cometQl.createStatement();
             ResultSet rows = s.executeQuery("SELECT * FROM users_messages WHERE id = " + userId)) {
            int count = 0;
            while (rows.next()) {
                count++;
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) {
        MariadbCli.execute(server.port(), MariadbCli.Tls.SKIP_SSL, statement).assertSuccess();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
