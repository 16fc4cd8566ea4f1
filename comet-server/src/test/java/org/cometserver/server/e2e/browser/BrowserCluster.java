package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.ClusterNodes;
import org.cometserver.server.testing.RedisServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chromium and a {@link ClusterNodes} cluster on a private {@link RedisServer}, for the cluster's browser tests (one
 * per test class), and the pages they open: our JS client with {@code cluster: true}, recording what it delivers in
 * {@code window.got} (each channel's data in arrival order, {@code recovery} as {@code channel:recovered},
 * {@code connects} as the nodes connected to).
 */
final class BrowserCluster implements AutoCloseable {
    final Chromium chromium;
    final RedisServer redis;
    final ClusterNodes nodes;

    private BrowserCluster(Chromium chromium, RedisServer redis, ClusterNodes nodes) {
        this.chromium = chromium;
        this.redis = redis;
        this.nodes = nodes;
    }

    /** Launches Chromium and starts {@code count} nodes {@code n1…} in {@code dir}. */
    static BrowserCluster start(Path dir, int count) throws Exception {
        Chromium chromium = Chromium.launch();
        RedisServer redis = null;
        try {
            redis = RedisServer.startPrivate();
            return new BrowserCluster(chromium, redis, ClusterNodes.start(dir, redis, count, ""));
        } catch (Exception | Error e) {
            chromium.close();
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    /** Starts the node again if a test killed it. */
    void ensureUp(String name) throws Exception {
        if (nodes.nodes().stream().noneMatch(n -> n.name().equals(name))) {
            nodes.startNode(name, "");
        }
    }

    /**
     * Opens a page of {@code userId} (key {@code key<userId>}) started with {@code node: [first, second]}, listening on
     * {@code channels}; an even id makes {@code first} the client's first node. Does not wait for the connection.
     */
    BrowserPage openUser(ClusterNodes.Node first, ClusterNodes.Node second, int userId, String... channels) {
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
        return page;
    }

    /** Waits until the page delivered at least {@code count} messages on {@code channel}. */
    static void awaitReceived(BrowserPage page, String channel, int count) {
        Eventually.until("page got " + count + " on " + channel,
                () -> page.eval("got['" + channel + "'].length >= " + count).asBoolean(),
                () -> page.eval("got") + " log: " + page.logs());
    }

    /** What the page delivered on {@code channel} (or {@code recovery}, {@code connects}), in order. */
    static List<String> received(BrowserPage page, String channel) {
        List<String> values = new ArrayList<>();
        page.eval("got['" + channel + "']").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The node the page connected to last. */
    static String lastConnect(BrowserPage page) {
        JsonNode connects = page.eval("got.connects");
        return connects.get(connects.size() - 1).asText();
    }

    /** A round trip on the page's socket: a late copy sent before the answer would have arrived by now. */
    static void sync(BrowserPage page) {
        String tag = "sync" + System.nanoTime();
        page.eval("cometApi.count_users_in_pipe('web_sync', rec('" + tag + "'))");
        page.await(tag);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            chromium.close();
            nodes.close();
        } finally {
            redis.close();
        }
    }
}
