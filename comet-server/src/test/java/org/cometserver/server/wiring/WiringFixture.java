package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.DbSection;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.store.JdbcStore;
import org.cometserver.server.store.Store;
import org.cometserver.server.testing.RecordingTransport;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backends over a real H2 store in a temp directory and a {@link LocalHub}, at a fixed time. */
final class WiringFixture implements AutoCloseable {
    static final long NOW = 1_700_000_000L;

    final CometConfig config;
    final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    final LocalHub hub = new LocalHub();
    final Store store;
    final CometQlBackends backends;

    WiringFixture(Path dir, String ini) {
        CometConfig parsed = CometConfig.parse(ini);
        DbSection db = new DbSection("", 3306, "", "", "", 1, dir.resolve("comet").toString(), 4, 0);
        this.config = new CometConfig(parsed.main(), db, parsed.cometql(), parsed.ws(), parsed.freeswitch(),
                parsed.sip(), parsed.log(), parsed.statistics(), parsed.metrics(), parsed.calls(),
                parsed.contentTypes(), parsed.cluster());
        this.store = JdbcStore.open(db, Duration.ofMillis(10));
        this.backends = CometQlWiring.backends(config, hub, store, clock, () -> 1, null);
    }

    /** A registered connection of {@code userId} (0: anonymous) on dev {@code devId}. */
    RecordingTransport connect(int devId, long userId) {
        RecordingTransport transport = new RecordingTransport(userId, "uuid-" + userId);
        assertTrue(hub.connect(devId, transport));
        return transport;
    }

    @Override
    public void close() {
        store.close();
    }
}
