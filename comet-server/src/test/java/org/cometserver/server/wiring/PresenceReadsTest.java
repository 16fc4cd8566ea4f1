package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.PipeBackend.PipeSubscriber;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.PresenceManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CometQL's presence reads ({@code pipes}, {@code users_in_pipes}, {@code users_time}) answer what presence says for
 * every node, not what this node's hub holds; a presence that does not answer in time, or fails, is an ERR.
 */
class PresenceReadsTest {
    private static final Duration WAIT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    /** A presence answering each method with {@code answer}. */
    private static PresenceManager presence(Function<String, CompletableFuture<?>> answer) {
        return (PresenceManager) Proxy.newProxyInstance(PresenceReadsTest.class.getClassLoader(),
                new Class<?>[]{PresenceManager.class}, (proxy, method, args) -> answer.apply(method.getName()));
    }

    private static HubPipeBackend pipes(WiringFixture fixture, PresenceManager presence) {
        return new HubPipeBackend(fixture.store, new PipeSettingsCache(List.of()), fixture.publisher, 100, presence,
                WAIT);
    }

    private static HubUserBackend users(WiringFixture fixture, PresenceManager presence) {
        return new HubUserBackend(fixture.hub, fixture.store, fixture.publisher, null,
                new JwtTokens("", fixture.clock), fixture.clock, new MessageSizeLimit(1 << 16), presence, WAIT);
    }

    @Test
    void countsMembersAndOnlineUsersComeFromPresence() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            ClientInfo elsewhere = new ClientInfo("n2", "c9", 9, "uuid9", "agent", "10.0.0.2", "https://site", "en");
            PresenceManager cluster = presence(method -> switch (method) {
                case "counts" -> CompletableFuture.completedFuture(Map.of("web_a", 3));
                case "allCounts" -> CompletableFuture.completedFuture(Map.of("web_a", 3));
                case "members" -> CompletableFuture.completedFuture(List.of(elsewhere));
                case "online" -> CompletableFuture.completedFuture(Set.of(9L));
                case "onlineUserCount" -> CompletableFuture.completedFuture(5);
                default -> throw new UnsupportedOperationException(method);
            });
            HubPipeBackend pipes = pipes(fixture, cluster);
            assertEquals(Map.of("web_a", 3), pipes.subscriberCounts(0, List.of("web_a")));
            assertEquals(Map.of("web_a", 3), pipes.allSubscriberCounts(0, 10));
            PipeSubscriber row = new PipeSubscriber("web_a", 9, "uuid9", "agent", "10.0.0.2", "https://site", "en");
            assertEquals(List.of(row), pipes.subscribers(0, List.of("web_a")));
            assertEquals(List.of(row), pipes.allSubscribers(0, 10));
            assertEquals(Map.of(9L, 0L, 10L, HubUserBackend.NEVER_SEEN),
                    users(fixture, cluster).lastOnlineTimes(0, List.of(9L, 10L)), "9 is online on another node");
            Map<String, String> status = new HubServerStatus(fixture.hub, cluster, new MessageCounters(), () -> 0, 1,
                    List::of, dir, null, () -> true, fixture.clock).sessionStatus(0);
            assertEquals("5", status.get("user_online"), "users online on every node");
            assertEquals("0", status.get("server_online"), "this node's connections");
        }
    }

    @Test
    void noAnswerInTimeIsAnErr() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            PresenceManager silent = presence(method -> new CompletableFuture<>());
            CometQlException e = assertThrows(CometQlException.class,
                    () -> pipes(fixture, silent).subscriberCounts(0, List.of("web_a")));
            assertEquals(CometQlErrors.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("presence did not answer"), e.getMessage());
            assertThrows(CometQlException.class, () -> pipes(fixture, silent).subscribers(0, List.of("web_a")));
            assertThrows(CometQlException.class, () -> users(fixture, silent).lastOnlineTimes(0, List.of(1L)));
        }
    }

    @Test
    void anUnreachablePresenceIsAnErr() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            PresenceManager down = presence(method -> CompletableFuture.failedFuture(
                    new BrokerUnavailableException("redis is down")));
            CometQlException e = assertThrows(CometQlException.class,
                    () -> pipes(fixture, down).allSubscriberCounts(0, 10));
            assertEquals("cannot read subscriber counts: redis is down", e.getMessage());
        }
    }
}
