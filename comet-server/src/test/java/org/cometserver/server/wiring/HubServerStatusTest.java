package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.ServerStatus;
import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.hub.LocalHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HubServerStatusTest {
    @TempDir
    Path dir;

    @Test
    void sessionGlobalAndServices() {
        try (WiringFixture fixture = new WiringFixture(dir, "[cometql]\nthread_num = 2\n")) {
            fixture.connect(3, 1);
            fixture.connect(3, 0);
            fixture.backends.pipes().publish(3, "chan", "e", "m");
            ServerStatus status = fixture.backends.status();
            assertEquals(Map.of("flag", "session", "id", "3", "user_online", "1", "server_online", "2",
                    "messages", "1"), status.sessionStatus(3));
            assertEquals(List.of("flag", "id", "user_online", "server_online", "messages"),
                    List.copyOf(status.sessionStatus(3).keySet()));
            Map<String, String> global = status.globalStatus();
            assertEquals(25, global.size(),
                    "CppComet's 23 rows, cluster_redis_available and health (ready only with a Readiness)");
            assertEquals("UP", global.get("health"));
            assertEquals("1", global.get("cluster_redis_available"), "a single node");
            assertEquals("global", global.get("flag"));
            assertEquals("2", global.get("frontend_online"));
            assertEquals("1", global.get("backend_online"));
            assertEquals(2, status.services().size());
            assertArrayEquals(new String[]{"cometql", "0", "0", "1"}, status.services().get(0));
        }
    }

    @Test
    void clusterRedisAvailableFollowsTheBroker() {
        AtomicBoolean up = new AtomicBoolean(true);
        LocalHub hub = new LocalHub();
        HubServerStatus status = new HubServerStatus(hub, new LocalPresence(LocalPresence.SINGLE_NODE, hub),
                new MessageCounters(), () -> 0, 1, List::of, dir, null, up::get, Clock.systemUTC());
        assertEquals("1", status.globalStatus().get("cluster_redis_available"));
        up.set(false);
        assertEquals("0", status.globalStatus().get("cluster_redis_available"));
    }
}
