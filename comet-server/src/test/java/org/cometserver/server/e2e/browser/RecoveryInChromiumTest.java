package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.RedisServer;
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
    private static Chromium chromium;
    private static RedisServer redis;
    private static ClusterNodes cluster;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.launch();
        redis = RedisServer.startPrivate();
        cluster = ClusterNodes.start(dir, redis, 2, "");
        try (Connection sql = ClusterSql.connect(cluster.node("n1"))) {
            SqlRows.update(sql, "INSERT INTO users_auth (id, hash) VALUES (2, 'key2'), (4, 'key4')");
            SqlRows.update(sql, "INSERT INTO pipes_settings (name, length) VALUES ('feed', 200), ('short', "
                    + SHORT_HISTORY + "), ('racing', 200)");
        }
    }

    /** The previous test killed n2: each starts with both nodes up. */
    @BeforeEach
    void bothNodesUp() throws Exception {
        if (cluster.nodes().stream().noneMatch(n -> n.name().equals("n2"))) {
            cluster.startNode("n2", "");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theHundredMissedArriveInOrderOnceAndAShortHistorySaysRecoveredFalse() throws Exception {
        ClusterNodes.Node n1 = cluster.node("n1");
        ClusterNodes.Node n2 = cluster.node("n2");
        try (Connection onN1 = ClusterSql.connect(n1);
             BrowserPage page = openOn(n2, n1, 2, "feed", "short")) {
            List<String> feed = new ArrayList<>();
            List<String> shortOne = new ArrayList<>();
            publish(onN1, "feed", feed, "live-1");
            publish(onN1, "short", shortOne, "live-1");
            awaitPage(page, "feed", feed.size());
            awaitPage(page, "short", shortOne.size());

            // the page's network and its node go down: nothing can reach it while the 100 are published
            page.setOffline(true);
            cluster.kill("n2");
            for (int i = 1; i <= GAP; i++) {
                publish(onN1, "feed", feed, "m" + i);
                publish(onN1, "short", shortOne, "m" + i);
            }
            page.setOffline(false);

            awaitPage(page, "feed", feed.size());
            assertRecoveries(page, "feed:true", "short:false");
            List<String> kept = new ArrayList<>(shortOne.subList(0, 1));
            kept.addAll(shortOne.subList(shortOne.size() - SHORT_HISTORY, shortOne.size()));
            awaitPage(page, "short", kept.size());
            // live again on the new node, after the recovered ones
            publish(onN1, "feed", feed, "live-2");
            publish(onN1, "short", kept, "live-2");
            awaitPage(page, "feed", feed.size());
            awaitPage(page, "short", kept.size());
            sync(page);
            assertEquals(feed, received(page, "feed"), "the 100 missed, in order, once");
            assertEquals(kept, received(page, "short"), "what the short history still kept");
            assertEquals(n1.wsAddress(), lastConnect(page));
        }
    }

    @Test
    void publicationsRacingTheReconnectArriveInOrderOnce() throws Exception {
        ClusterNodes.Node n1 = cluster.node("n1");
        ClusterNodes.Node n2 = cluster.node("n2");
        try (Connection onN1 = ClusterSql.connect(n1);
             BrowserPage page = openOn(n2, n1, 4, "racing")) {
            List<String> racing = new ArrayList<>();
            publish(onN1, "racing", racing, "live-1");
            awaitPage(page, "racing", racing.size());

            // no network hold: the page reconnects to n1 while the loop runs, so some come live, some recovered
            cluster.kill("n2");
            for (int i = 1; i <= GAP; i++) {
                publish(onN1, "racing", racing, "m" + i);
            }
            awaitPage(page, "racing", racing.size());
            sync(page);
            assertEquals(racing, received(page, "racing"), "every publication in order, once");
            assertEquals(n1.wsAddress(), lastConnect(page));
            JsonNode recoveries = page.eval("got.recovery");
            assertEquals(1, recoveries.size(), recoveries.toString());
            assertEquals("racing:true", recoveries.get(0).asText());
        }
    }

    /** A page of {@code userId} (even: {@code first} is the client's first node) listening on {@code channels}. */
    private static BrowserPage openOn(ClusterNodes.Node first, ClusterNodes.Node second, int userId,
                                      String... channels) {
        BrowserPage page = chromium.open("user" + userId, first.ws());
        StringBuilder js = new StringBuilder("window.got = {recovery: [], connects: []};");
        for (String channel : channels) {
            js.append(" got['").append(channel).append("'] = [];")
                    .append(" cometApi.subscription('").append(channel).append("', (e) => got['").append(channel)
                    .append("'].push(e.data));");
        }
        js.append(" cometApi.onRecovery((channel, info) => got.recovery.push(channel + ':' + info.recovered));")
                .append(" cometApi.on('connect', (node) => got.connects.push(node));")
                .append(" cometApi.start({node: ['").append(first.wsAddress()).append("', '")
                .append(second.wsAddress()).append("'], cluster: true, user_id: ").append(userId)
                .append(", user_key: 'key").append(userId).append("'}); true");
        page.eval(js.toString());
        try (Connection sql = ClusterSql.connect(second)) {
            for (String channel : channels) {
                // subscribed on every node once the other node counts it
                ClusterSql.await(sql, "SELECT user_id FROM users_in_pipes WHERE name = '" + channel + "'",
                        String.valueOf(userId));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return page;
    }

    private static void publish(Connection sql, String channel, List<String> sent, String data) throws SQLException {
        assertEquals(1, SqlRows.update(sql, "INSERT INTO pipes_messages (name, event, message) VALUES ('" + channel
                + "', 'ev', '" + data + "')"), "answered OK");
        sent.add(data);
    }

    private static void awaitPage(BrowserPage page, String channel, int count) {
        Eventually.until("page got " + count + " on " + channel,
                () -> page.eval("got['" + channel + "'].length >= " + count).asBoolean(),
                () -> page.eval("got") + " log: " + page.logs());
    }

    private static void assertRecoveries(BrowserPage page, String... expected) {
        Eventually.until("recoveries reported", () -> page.eval("got.recovery.length").asInt() >= expected.length,
                () -> page.eval("got.recovery"));
        List<String> reported = new ArrayList<>();
        page.eval("got.recovery").forEach(r -> reported.add(r.asText()));
        reported.sort(null);
        assertEquals(List.of(expected), reported);
    }

    /** A round trip on the page's socket: a late copy sent before the answer would have arrived by now. */
    private static void sync(BrowserPage page) {
        String tag = "sync" + System.nanoTime();
        page.eval("cometApi.count_users_in_pipe('web_sync', rec('" + tag + "'))");
        page.await(tag);
    }

    private static List<String> received(BrowserPage page, String channel) {
        List<String> values = new ArrayList<>();
        page.eval("got['" + channel + "']").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String lastConnect(BrowserPage page) {
        JsonNode connects = page.eval("got.connects");
        return connects.get(connects.size() - 1).asText();
    }
}
