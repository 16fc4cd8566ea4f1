package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.e2e.ws.JdkWsClient;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.SqlRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.cometserver.server.e2e.browser.BrowserCluster.awaitReceived;
import static org.cometserver.server.e2e.browser.BrowserCluster.lastConnect;
import static org.cometserver.server.e2e.browser.BrowserCluster.received;
import static org.cometserver.server.e2e.browser.BrowserCluster.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12 acceptance 3: three nodes A, B, C on one Redis; {@code kill -9} of B. B's users leave presence on A and C
 * ({@code users_in_pipes}, {@code pipes}, {@code track_pipe_users}, {@code user_status_} offline, {@code users_time});
 * B's page (our JS client, {@code cluster: true}) reconnects to A by itself and gets what was queued for it there;
 * every channel publication and private message answered OK during the whole scenario reaches it exactly once, in
 * order.
 */
class NodeKillTest {
    /** Page user: {@code 2 % 2 == 0}, so the client's first node of {@code [B, A]} is B. */
    private static final int PAGE_USER = 2;
    /** A plain WebSocket user on B who never comes back. */
    private static final int WS_USER = 3;
    /** Page user of the racing case, also first on B. */
    private static final int RACING_USER = 4;

    @TempDir
    static Path dir;
    private static BrowserCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = BrowserCluster.start(dir, 3);
        try (Connection sql = ClusterSql.connect(cluster.nodes.node("n3"))) {
            SqlRows.update(sql, "INSERT INTO users_auth (id, hash) VALUES (" + PAGE_USER + ", 'key2'), (" + WS_USER
                    + ", 'key3'), (" + RACING_USER + ", 'key4')");
            SqlRows.update(sql, "INSERT INTO pipes_settings (name, length) VALUES ('news', 100)");
        }
    }

    /** A test kills n2: each starts with the three nodes up. */
    @BeforeEach
    void allNodesUp() throws Exception {
        cluster.ensureUp("n2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The page's network is held down from just before the kill until presence has been checked, so its user really
     * goes offline and the messages of that time really go through the queue and the channel's history.
     */
    @Test
    void killedNodesUsersLeavePresenceAndItsPageLosesNothingOnAnotherNode() throws Exception {
        ClusterNodes.Node a = cluster.nodes.node("n1");
        ClusterNodes.Node b = cluster.nodes.node("n2");
        ClusterNodes.Node c = cluster.nodes.node("n3");
        List<String> news = new ArrayList<>();
        List<String> privates = new ArrayList<>();
        try (Connection onA = ClusterSql.connect(a);
             Connection onC = ClusterSql.connect(c);
             JdkWsClient wsUser = JdkWsClient.connect(b.ws(), "/ws/sesion=key3&myid=3&devid=0&v=4.08&uuid=wsuser3"
                     + "&api=js");
             JdkWsClient watcherA = JdkWsClient.anonymous(a.ws(), "watcherA");
             JdkWsClient watcherC = JdkWsClient.anonymous(c.ws(), "watcherC");
             BrowserPage page = cluster.openUser(b, a, PAGE_USER, "news", "msg", "track_room")) {
            assertTrue(wsUser.next().path("authorized").asBoolean(), "user 3 authorized on B");
            wsUser.send("subscription\ntrack_room\nnews");
            watcherA.send("subscription\nuser_status_2\nuser_status_3\ntrack_room");
            watcherC.send("subscription\nuser_status_2\nuser_status_3");
            for (Connection sql : List.of(onA, onC)) {
                // user 3's socket, the page and watcher A (anonymous: user 0)
                ClusterSql.await(sql, "SELECT COUNT(*) FROM users_in_pipes WHERE name = 'track_room'", "3");
                ClusterSql.await(sql, "SELECT users FROM pipes WHERE name = 'news'", "2");
            }
            // live, before the kill: a publication and a private message, published on C
            publish(onC, news, "news-before");
            sendPrivate(onC, PAGE_USER, privates, "private-before");
            awaitPage(page, news.size(), privates.size());
            assertEquals(List.of(b.wsAddress()), received(page, "connects"));

            page.setOffline(true);
            cluster.nodes.kill("n2");
            // away: positions in the channel's history and the offline queue, all answered OK on C
            for (int i = 1; i <= 10; i++) {
                publish(onC, news, "news-away-" + i);
                sendPrivate(onC, PAGE_USER, privates, "private-away-" + i);
            }

            // B's users leave presence on A and C within the failure timeout
            for (JdkWsClient watcher : List.of(watcherA, watcherC)) {
                Set<String> offline = new HashSet<>();
                while (offline.size() < 2) { // in either order
                    offline.add(watcher.next(f -> "offline".equals(f.path("event").asText())).path("pipe").asText());
                }
                assertEquals(Set.of("user_status_2", "user_status_3"), offline);
            }
            for (Connection sql : List.of(onA, onC)) {
                ClusterSql.await(sql, "SELECT user_id FROM users_in_pipes WHERE name = 'track_room'", "0");
                ClusterSql.await(sql, "SELECT users FROM pipes WHERE name = 'track_room'", "1");
                ClusterSql.await(sql, "SELECT COUNT(*) FROM users_in_pipes WHERE name = 'news'", "0");
                for (int user : List.of(PAGE_USER, WS_USER)) {
                    String time = ClusterSql.single(sql, "SELECT time FROM users_time WHERE id = " + user);
                    assertTrue(Long.parseLong(time) > 0, "users_time of " + user + ": " + time);
                }
            }
            watcherA.send("track_pipe_users\ntrack_room\n1234567890");
            JsonNode members = watcherA.next(f -> "1234567890".equals(f.path("marker").asText()));
            assertEquals(1, members.path("data").size(), "only watcher A is left: " + members);
            assertEquals(0, members.path("data").path(0).path("user_id").asInt(), members.toString());
            assertEquals(10, ClusterSql.queued(onA, PAGE_USER), "the private messages were queued");

            page.setOffline(false);
            // back: the page reconnects to A by itself, recovers the channel and gets its queue
            awaitPage(page, news.size(), privates.size());
            watcherA.next(f -> "user_status_2".equals(f.path("pipe").asText())
                    && "online".equals(f.path("event").asText()));
            assertEquals(a.wsAddress(), lastConnect(page), "reconnected to A");
            assertEquals(List.of("news:true"), received(page, "recovery"));
            Eventually.until("queued messages acknowledged", () -> ClusterSql.queued(onA, PAGE_USER) == 0,
                    () -> ClusterSql.queued(onA, PAGE_USER));

            // and live again, from every node still up
            publish(onA, news, "news-after-a");
            publish(onC, news, "news-after-c");
            sendPrivate(onA, PAGE_USER, privates, "private-after-a");
            sendPrivate(onC, PAGE_USER, privates, "private-after-c");
            awaitPage(page, news.size(), privates.size());
            sync(page);
            assertEquals(news, received(page, "news"), "every publication once, in order");
            assertEquals(privates, received(page, "msg"), "every private message once, in order");
        }
    }

    /**
     * No network hold: private messages sent from C while the page fails over to A reach it live or through the
     * queue, whichever way each went, exactly once and in order.
     */
    @Test
    void privateMessagesRacingTheFailOverArriveOnceInOrder() throws Exception {
        ClusterNodes.Node a = cluster.nodes.node("n1");
        ClusterNodes.Node b = cluster.nodes.node("n2");
        ClusterNodes.Node c = cluster.nodes.node("n3");
        try (Connection onC = ClusterSql.connect(c);
             BrowserPage page = cluster.openUser(b, a, RACING_USER, "msg")) {
            List<String> privates = new ArrayList<>();
            ClusterSql.await(onC, "SELECT time FROM users_time WHERE id = " + RACING_USER, "0");
            sendPrivate(onC, RACING_USER, privates, "before");
            Eventually.until("page got its first message", () -> received(page, "msg").size() == 1,
                    () -> received(page, "msg") + ", queued: " + ClusterSql.queued(onC, RACING_USER)
                            + ", authorized: " + page.eval("cometApi.isAuthorized()") + ", log: " + page.logs());

            cluster.nodes.kill("n2");
            for (int i = 1; i <= 100; i++) {
                sendPrivate(onC, RACING_USER, privates, "m" + i);
            }
            awaitReceived(page, "msg", privates.size());
            sync(page);
            assertEquals(privates, received(page, "msg"), "every private message once, in order");
            assertEquals(a.wsAddress(), lastConnect(page), "reconnected to A");
            Eventually.until("queued messages acknowledged", () -> ClusterSql.queued(onC, RACING_USER) == 0,
                    () -> ClusterSql.queued(onC, RACING_USER));
        }
    }

    private static void publish(Connection sql, List<String> sent, String data) throws SQLException {
        assertEquals(1, SqlRows.update(sql, "INSERT INTO pipes_messages (name, event, message) VALUES ('news', 'ev', '"
                + data + "')"), "answered OK");
        sent.add(data);
    }

    private static void sendPrivate(Connection sql, int userId, List<String> sent, String data) throws SQLException {
        assertEquals(1, SqlRows.update(sql, "INSERT INTO users_messages (id, event, message) VALUES (" + userId
                + ", 'ev', '" + data + "')"), "answered OK");
        sent.add(data);
    }

    private static void awaitPage(BrowserPage page, int news, int privates) {
        awaitReceived(page, "news", news);
        awaitReceived(page, "msg", privates);
    }
}
