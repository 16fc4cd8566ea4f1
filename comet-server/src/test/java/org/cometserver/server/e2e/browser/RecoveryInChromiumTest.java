package org.cometserver.server.e2e.browser;

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
import java.util.List;

import static org.cometserver.server.e2e.browser.BrowserCluster.awaitReceived;
import static org.cometserver.server.e2e.browser.BrowserCluster.lastConnect;
import static org.cometserver.server.e2e.browser.BrowserCluster.received;
import static org.cometserver.server.e2e.browser.BrowserCluster.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue #12 acceptance 5: a page (Chromium, our JS client, {@code cluster: true}) subscribed to channels with history
 * loses its node ({@code kill -9}) while 100 messages are published on the other node (Connector-J), reconnects there
 * by itself and receives exactly the 100 it missed, in order, once; with a history shorter than the gap it gets
 * {@code recovered: false} through {@code onRecovery} and what is still kept. The page asserts nothing itself: it
 * records each channel's data sequence, which the test compares whole.
 */
class RecoveryInChromiumTest {
    private static final int GAP = 100;
    private static final int SHORT_HISTORY = 20;

    @TempDir
    static Path dir;
    private static BrowserCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = BrowserCluster.start(dir, 2);
        try (Connection sql = ClusterSql.connect(cluster.nodes.node("n1"))) {
            SqlRows.update(sql, "INSERT INTO users_auth (id, hash) VALUES (2, 'key2'), (4, 'key4')");
            SqlRows.update(sql, "INSERT INTO pipes_settings (name, length) VALUES ('feed', 200), ('short', "
                    + SHORT_HISTORY + "), ('racing', 200)");
        }
    }

    /** The previous test killed n2: each starts with both nodes up. */
    @BeforeEach
    void bothNodesUp() throws Exception {
        cluster.ensureUp("n2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theHundredMissedArriveInOrderOnceAndAShortHistorySaysRecoveredFalse() throws Exception {
        ClusterNodes.Node n1 = cluster.nodes.node("n1");
        ClusterNodes.Node n2 = cluster.nodes.node("n2");
        try (Connection onN1 = ClusterSql.connect(n1);
             BrowserPage page = openOn(n2, n1, 2, "feed", "short")) {
            List<String> feed = new ArrayList<>();
            List<String> shortOne = new ArrayList<>();
            publish(onN1, "feed", feed, "live-1");
            publish(onN1, "short", shortOne, "live-1");
            awaitReceived(page, "feed", feed.size());
            awaitReceived(page, "short", shortOne.size());

            // the page's network and its node go down: nothing can reach it while the 100 are published
            page.setOffline(true);
            cluster.nodes.kill("n2");
            for (int i = 1; i <= GAP; i++) {
                publish(onN1, "feed", feed, "m" + i);
                publish(onN1, "short", shortOne, "m" + i);
            }
            page.setOffline(false);

            awaitReceived(page, "feed", feed.size());
            awaitReceived(page, "recovery", 2);
            List<String> recoveries = received(page, "recovery");
            recoveries.sort(null);
            assertEquals(List.of("feed:true", "short:false"), recoveries);
            List<String> kept = new ArrayList<>(shortOne.subList(0, 1));
            kept.addAll(shortOne.subList(shortOne.size() - SHORT_HISTORY, shortOne.size()));
            awaitReceived(page, "short", kept.size());
            // live again on the new node, after the recovered ones
            publish(onN1, "feed", feed, "live-2");
            publish(onN1, "short", kept, "live-2");
            awaitReceived(page, "feed", feed.size());
            awaitReceived(page, "short", kept.size());
            sync(page);
            assertEquals(feed, received(page, "feed"), "the 100 missed, in order, once");
            assertEquals(kept, received(page, "short"), "what the short history still kept");
            assertEquals(n1.wsAddress(), lastConnect(page));
        }
    }

    @Test
    void publicationsRacingTheReconnectArriveInOrderOnce() throws Exception {
        ClusterNodes.Node n1 = cluster.nodes.node("n1");
        ClusterNodes.Node n2 = cluster.nodes.node("n2");
        try (Connection onN1 = ClusterSql.connect(n1);
             BrowserPage page = openOn(n2, n1, 4, "racing")) {
            List<String> racing = new ArrayList<>();
            publish(onN1, "racing", racing, "live-1");
            awaitReceived(page, "racing", racing.size());

            // no network hold: the page reconnects to n1 while the loop runs, so some come live, some recovered
            cluster.nodes.kill("n2");
            for (int i = 1; i <= GAP; i++) {
                publish(onN1, "racing", racing, "m" + i);
            }
            awaitReceived(page, "racing", racing.size());
            sync(page);
            assertEquals(racing, received(page, "racing"), "every publication in order, once");
            assertEquals(n1.wsAddress(), lastConnect(page));
            assertEquals(List.of("racing:true"), received(page, "recovery"));
        }
    }

    /** The user's page, first on {@code first}, once {@code second} counts it on every channel. */
    private static BrowserPage openOn(ClusterNodes.Node first, ClusterNodes.Node second, int userId,
                                      String... channels) throws SQLException {
        BrowserPage page = cluster.openUser(first, second, userId, channels);
        try (Connection sql = ClusterSql.connect(second)) {
            for (String channel : channels) {
                ClusterSql.await(sql, "SELECT user_id FROM users_in_pipes WHERE name = '" + channel + "'",
                        String.valueOf(userId));
            }
        }
        return page;
    }

    private static void publish(Connection sql, String channel, List<String> sent, String data) throws SQLException {
        assertEquals(1, SqlRows.update(sql, "INSERT INTO pipes_messages (name, event, message) VALUES ('" + channel
                + "', 'ev', '" + data + "')"), "answered OK");
        sent.add(data);
    }
}
