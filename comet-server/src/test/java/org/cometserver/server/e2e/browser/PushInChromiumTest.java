package org.cometserver.server.e2e.browser;

import org.cometserver.server.e2e.E2eServer;
import org.cometserver.server.e2e.MariadbCli;
import org.cometserver.server.e2e.browser.BrowserPage.Event;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.hub.Hub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #3 acceptance 1: pages using our JS client in headless Chromium, fed by the {@code mariadb} CLI over CometQL,
 * mirroring the CppComet recordings {@code testdata/cppcomet/ws-01..05}. Every test uses its own channels and user
 * ids, so they share one server and one browser.
 */
class PushInChromiumTest {
    private static E2eServer server;
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        server = E2eServer.embedded();
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** ws-01: an anonymous page gets what a backend inserts into pipes_messages, text and JSON. */
    @Test
    void channelMessageInsertedWithTheMariadbCliReachesThePage() {
        try (BrowserPage page = open("public")) {
            startClient(page, "");
            page.eval("cometApi.subscription('public_chan', rec('public_chan'));"
                    + " cometApi.subscription('public_chan.ev', rec('public_chan.ev'))");
            awaitSubscribers("public_chan", 1);

            sql("INSERT INTO pipes_messages (name, event, message) VALUES ('public_chan', 'ev', 'hello')");
            sql("INSERT INTO pipes_messages (name, event, message) VALUES ('public_chan', 'ev2', '{\"text\":\"json hi\",\"n\":1}')");

            Event hello = page.await("public_chan.ev");
            assertEquals("hello", hello.data().asText());
            assertEquals("public_chan", hello.serverInfo("pipe").asText());
            List<Event> all = page.awaitCount("public_chan", 2);
            assertEquals("hello", all.get(0).data().asText());
            assertEquals("json hi", all.get(1).data().path("text").asText(), "JSON messages arrive parsed");
            assertEquals(1, all.get(1).data().path("n").asInt());
            assertEquals("ev2", all.get(1).serverInfo("event").asText());
            assertEquals(1, page.events("public_chan.ev").size(), "pipe.event subscriptions filter by event");
        }
    }

    /** ws-02: users_auth, then users_messages to that user reaches his page on the virtual msg channel. */
    @Test
    void privateMessageReachesTheAuthorizedUser() {
        sql("INSERT INTO users_auth (id, hash) VALUES (11, 'abc11')");
        try (BrowserPage page = open("user11")) {
            page.eval("cometApi.subscription('msg', rec('msg')); cometApi.subscription('msg.ev', rec('msg.ev'));"
                    + " cometApi.onAuthSuccess(rec('authSuccess')); cometApi.onAuthFalill(rec('authFail'))");
            startClient(page, "user_id: 11, user_key: 'abc11'");
            page.await("authSuccess");
            assertTrue(page.eval("cometApi.isAuthorized()").asBoolean());
            assertEquals("abc11", page.eval("cometApi.getRealUserKey()").asText());
            Eventually.until("user 11 online", () -> hub().isOnline(0, 11), () -> hub().connectionCount());

            sql("INSERT INTO users_messages (id, event, message) VALUES (11, 'ev', 'hi')");
            sql("INSERT INTO users_messages (id, event, message) VALUES (11, 'other', '{\"text\":\"json to user\"}')");

            List<Event> messages = page.awaitCount("msg", 2);
            assertEquals("hi", messages.get(0).data().asText());
            assertEquals("msg", messages.get(0).serverInfo("pipe").asText());
            assertEquals("json to user", messages.get(1).data().path("text").asText());
            assertEquals(List.of("hi"), page.events("msg.ev").stream().map(e -> e.data().asText()).toList());
            assertTrue(page.events("authFail").isEmpty());
        }
    }

    /** ws-03: track_ subscribers see others join and leave, and can list the members. */
    @Test
    void trackChannelReportsJoinAndLeave() {
        sql("INSERT INTO users_auth (id, hash) VALUES (21, 'key21')");
        sql("INSERT INTO users_auth (id, hash) VALUES (22, 'key22')");
        try (BrowserPage first = open("track21"); BrowserPage second = open("track22")) {
            startClient(first, "user_id: 21, user_key: 'key21'");
            first.eval("cometApi.subscription('track_room', rec('track_room'))");
            awaitSubscribers("track_room", 1);

            startClient(second, "user_id: 22, user_key: 'key22'");
            second.eval("cometApi.subscription('track_room', rec('track_room'))");
            Event joined = first.await("track_room", e -> "subscription".equals(e.serverInfo("event").asText()));
            assertEquals(22, joined.data().path("user_id").asInt());
            String uuid22 = second.eval("cometApi.getUUID()").asText();
            assertEquals(uuid22, joined.data().path("uuid").asText());

            second.eval("cometApi.getTrackPipeUsers('track_room', rec('members'))");
            List<Integer> members = second.await("members").data().findValues("user_id").stream()
                    .map(id -> id.asInt()).sorted().toList();
            assertEquals(List.of(21, 22), members);

            second.close(); // as a closed tab
            Event left = first.await("track_room", e -> "unsubscription".equals(e.serverInfo("event").asText()));
            assertEquals(22, left.data().path("user_id").asInt());
            assertEquals(uuid22, left.data().path("uuid").asText());
        }
    }

    /** ws-03: user_status_<id> says online when the user's first connection opens and offline after the last. */
    @Test
    void userStatusChannelSaysOnlineAndOffline() {
        sql("INSERT INTO users_auth (id, hash) VALUES (31, 'key31')");
        try (BrowserPage watcher = open("watcher31"); BrowserPage user = open("user31")) {
            startClient(watcher, "");
            watcher.eval("cometApi.subscription('user_status_31', rec('status'))");
            awaitSubscribers("user_status_31", 1);

            startClient(user, "user_id: 31, user_key: 'key31'");
            assertEquals("online", watcher.await("status").serverInfo("event").asText());

            user.close();
            Event offline = watcher.await("status", e -> "offline".equals(e.serverInfo("event").asText()));
            assertEquals("user_status_31", offline.serverInfo("pipe").asText());
            assertFalse(hub().isOnline(0, 31));
        }
    }

    /** ws-01: with pipes_settings, get_pipe_log replays the channel's stored messages oldest first. */
    @Test
    void getPipeLogReplaysTheHistory() {
        sql("INSERT INTO pipes_settings (name, length) VALUES ('hist_chan', 10)");
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('hist_chan', 'ev_old', 'old message 1')");
        sql("INSERT INTO pipes_messages (name, event, message) VALUES ('hist_chan', 'ev_old', '{\"n\":2}')");
        try (BrowserPage page = open("history")) {
            startClient(page, "");
            page.eval("cometApi.get_pipe_log('hist_chan', rec('hist_chan'))");

            List<Event> history = page.awaitCount("hist_chan", 2);
            assertEquals("old message 1", history.get(0).data().asText());
            assertEquals(2, history.get(1).data().path("n").asInt());
            assertEquals("ev_old", history.get(1).serverInfo("event").asText());
        }
    }

    /** ws-04: web_pipe_send from one page reaches another page's subscription, and the sender gets a report. */
    @Test
    void webPipeSendFromASecondPageArrives() {
        sql("INSERT INTO users_auth (id, hash) VALUES (41, 'key41')");
        try (BrowserPage reader = open("reader41"); BrowserPage sender = open("sender41")) {
            startClient(reader, "");
            reader.eval("cometApi.subscription('web_chat', rec('web_chat'))");
            awaitSubscribers("web_chat", 1);
            startClient(sender, "user_id: 41, user_key: 'key41'");
            sender.eval("cometApi.subscription('#web_chat', rec('report'))");
            Eventually.until("user 41 online", () -> hub().isOnline(0, 41), () -> hub().connectionCount());

            sender.eval("cometApi.web_pipe_send('web_chat', 'ev', {text: 'hello from js'})");
            sender.eval("cometApi.web_pipe_send('web_chat.ev3', {text: 'two-argument form'})");

            List<Event> received = reader.awaitCount("web_chat", 2);
            assertEquals("hello from js", received.get(0).data().path("text").asText());
            assertEquals(41, received.get(0).serverInfo("user_id").asInt());
            assertEquals("ev", received.get(0).serverInfo("event").asText());
            assertEquals("two-argument form", received.get(1).data().path("text").asText());
            assertEquals("ev3", received.get(1).serverInfo("event").asText());
            // CppComet counted only deliveries of >= 126 bytes (README item 7); we count every delivery
            Event report = sender.await("report");
            assertEquals(1, report.data().path("number_messages").asInt());
            assertTrue(sender.events("web_chat").isEmpty(), "the sender does not get its own message");
        }
    }

    /** ws-05: a wrong hash is not authorized, gets no private messages and no private_ channel messages. */
    @Test
    void wrongHashIsNotAuthorizedAndGetsNothingPrivate() {
        sql("INSERT INTO users_auth (id, hash) VALUES (51, 'right51')");
        try (BrowserPage page = open("wrong51")) {
            page.eval("cometApi.subscription('msg', rec('msg')); cometApi.subscription('private_x', rec('private_x'));"
                    + " cometApi.subscription('web_sync51', rec('web_sync51'));"
                    + " cometApi.onAuthSuccess(rec('authSuccess')); cometApi.onAuthFalill(rec('authFail'))");
            startClient(page, "user_id: 51, user_key: 'wrong'");
            page.await("authFail");
            assertFalse(page.eval("cometApi.isAuthorized()").asBoolean());
            awaitSubscribers("web_sync51", 1);
            assertEquals(0, hub().subscriberCount(0, "private_x"), "anonymous connections cannot subscribe private_");

            sql("INSERT INTO users_messages (id, event, message) VALUES (51, 'ev', 'should not arrive')");
            sql("INSERT INTO pipes_messages (name, event, message) VALUES ('private_x', 'ev', 'private pipe msg')");
            // a round trip on the same socket: anything sent before it would have arrived by now
            page.eval("cometApi.count_users_in_pipe('web_sync51', rec('count'))");
            assertEquals(1, page.await("count").data().get(1).asInt());

            assertTrue(page.events("msg").isEmpty(), "private message to the wrong hash: " + page.events("msg"));
            assertTrue(page.events("private_x").isEmpty(), "private_ channel: " + page.events("private_x"));
            assertTrue(page.events("authSuccess").isEmpty());
        }
    }

    private static BrowserPage open(String name) {
        return chromium.open(name, server.wsPort());
    }

    /** {@code cometApi.start} against our server, as the recorded pages called it; {@code options} adds user keys. */
    private static void startClient(BrowserPage page, String options) {
        String extra = options.isEmpty() ? "" : ", " + options;
        page.eval("cometApi.start({node: '127.0.0.1:" + server.wsPort() + "'" + extra + "})");
    }

    private static void awaitSubscribers(String channel, int count) {
        Eventually.until(count + " subscribers on " + channel, () -> hub().subscriberCount(0, channel) == count,
                () -> hub().subscriberCounts(0, 100));
    }

    private static void sql(String statement) {
        MariadbCli.execute(server.port(), MariadbCli.Tls.SKIP_SSL, statement).assertSuccess();
    }

    private static Hub hub() {
        return server.server().hub();
    }
}
