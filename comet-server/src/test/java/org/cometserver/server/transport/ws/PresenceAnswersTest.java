package org.cometserver.server.transport.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.server.auth.LoginThrottle;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.transport.http.HttpRouteHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pipe_count} and {@code track_pipe_users} answer what presence says (every node's subscribers), when it says
 * it: the command does not wait for it, and a presence that fails is an error frame.
 */
class PresenceAnswersTest {
    private final Later presence = new Later();
    private EmbeddedChannel channel;

    @BeforeEach
    void connect() {
        CometConfig config = CometConfig.parse("");
        Executor noStore = task -> {
            throw new RejectedExecutionException("no store in this test");
        };
        WsServices services = new WsServices(new LocalHub(), null, null, null, LoginThrottle.NONE,
                Clock.systemUTC(), noStore, config.main(), config.ws(), null, null, null, presence.manager(), null);
        channel = new WsWarmUp.LoopbackChannel();
        new WsChannelInitializer(services, new HttpRouteHandler(config, noStore, null, null))
                .addHandlers(channel.pipeline());
        channel.writeInbound(Unpooled.copiedBuffer(WsWarmUp.REQUEST, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        assertTrue(WsWarmUp.written(channel).contains("serverInfo"));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private String send(String command) {
        channel.writeInbound(WsWarmUp.maskedText(command));
        channel.runPendingTasks();
        return WsWarmUp.written(channel);
    }

    @Test
    void pipeCountIsAnsweredWhenPresenceCounts() {
        assertEquals("", send("pipe_count\nweb_chat\nM1\n"), "nothing before presence answers");
        presence.counts.complete(Map.of("web_chat", 7));
        channel.runPendingTasks();
        String answer = WsWarmUp.written(channel);
        assertTrue(answer.contains("\"pipe\":\"_answer_pipe_count\""), answer);
        assertTrue(answer.contains("\"data\":[\"user_in_pipe\",7]"), answer);
        assertTrue(answer.contains("M1"), answer);
    }

    @Test
    void trackPipeUsersListsMembersOfEveryNode() {
        assertEquals("", send("track_pipe_users\ntrack_room\nM2"));
        presence.members.complete(List.of(new ClientInfo("n2", "c1", 42, "uuid-on-n2", "", "", "", "")));
        channel.runPendingTasks();
        String answer = WsWarmUp.written(channel);
        assertTrue(answer.contains("\"user_id\":42") && answer.contains("uuid-on-n2"), answer);
    }

    @Test
    void aPresenceThatFailsIsAnErrorFrame() {
        send("pipe_count\nweb_chat\nM3\n");
        presence.counts.completeExceptionally(new BrokerUnavailableException("redis down"));
        channel.runPendingTasks();
        String answer = WsWarmUp.written(channel);
        assertTrue(answer.contains("Internal error"), answer);
        assertFalse(answer.contains("_answer_pipe_count"), answer);
    }

    /** Answers counts and members when the test completes them. */
    private static final class Later {
        final CompletableFuture<Map<String, Integer>> counts = new CompletableFuture<>();
        final CompletableFuture<List<ClientInfo>> members = new CompletableFuture<>();

        PresenceManager manager() {
            return (PresenceManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{PresenceManager.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "counts" -> counts;
                        case "members" -> members;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
