package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.DbSection;
import org.cometserver.server.broker.local.LocalBroker;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.config.MainSection;
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
    final LocalHub hub;
    final Store store;
    final Publisher publisher;
    final CometQlBackends backends;

    WiringFixture(Path dir, String ini) {
        CometConfig parsed = CometConfig.parse(ini);
        DbSection db = new DbSection("", 3306, "", "", "", 1, dir.resolve("comet").toString(), 4, 0);
        this.config = new CometConfig(parsed.main(), db, parsed.cometql(), parsed.ws(), parsed.freeswitch(),
                parsed.sip(), parsed.log(), parsed.statistics(), parsed.metrics(), parsed.calls(),
                parsed.contentTypes(), parsed.cluster());
        this.store = JdbcStore.open(db, Duration.ofMillis(10));
        this.publisher = newPublisher();
        // as the server wires it, minus user_status_ events and users_time rows (tests of those build their own)
        MainSection quiet = CometConfig.parse("[main]\nsend_user_online_events = false\n"
                + "send_user_offline_events = false\nsave_users_last_online_time = false\n").main();
        NodeEvents events = new NodeEvents(new PresenceRecorder(quiet, store.onlineTimes(), Runnable::run, clock,
                publisher), LocalPresence.SINGLE_NODE, false, clock);
        this.hub = new LocalHub(events);
        events.bind(hub, new LocalPresence(LocalPresence.SINGLE_NODE, hub), publisher.broker());
        CometQlWiring.startBroker(publisher, hub, store, Runnable::run);
        this.backends = CometQlWiring.backends(config, hub, store, clock, () -> 1, null, publisher);
    }

    /** A registered connection of {@code userId} (0: anonymous) on dev {@code devId}. */
    RecordingTransport connect(int devId, long userId) {
        RecordingTransport transport = new RecordingTransport(userId, "uuid-" + userId);
        assertTrue(hub.connect(devId, transport));
        return transport;
    }

    /**
     * A publishing path over a new local broker on this store (its store calls on the calling thread), reading the
     * store's settings afresh; not started ({@link CometQlWiring#startBroker}).
     */
    Publisher newPublisher() {
        return newPublisher(new LocalBroker(store.history(), Runnable::run));
    }

    /** As {@link #newPublisher()} over {@code broker}. */
    Publisher newPublisher(Broker broker) {
        return CometQlWiring.publisher(config, store, broker, clock, new MessageCounters());
    }

    @Override
    public void close() {
        publisher.broker().close();
        store.close();
    }
}
