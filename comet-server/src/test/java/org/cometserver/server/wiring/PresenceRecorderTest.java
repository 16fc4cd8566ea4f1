package org.cometserver.server.wiring;

import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceRecorderTest {
    @TempDir
    Path dir;

    /** A hub whose users' first and last connections reach the recorder as the server wires it. */
    private static LocalHub hub(PresenceRecorder recorder, Publisher publisher, WiringFixture fixture) {
        NodeEvents events = new NodeEvents(recorder, "n1", false, fixture.clock);
        LocalHub hub = new LocalHub(events);
        events.bind(hub, new LocalPresence("n1", hub), publisher.broker());
        CometQlWiring.startBroker(publisher, hub, fixture.store, Runnable::run);
        return hub;
    }

    @Test
    void onlineAndOfflineArePublishedAndRecorded() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            Publisher publisher = fixture.newPublisher();
            LocalHub hub = hub(new PresenceRecorder(fixture.config.main(), fixture.store.onlineTimes(), Runnable::run,
                    fixture.clock, publisher), publisher, fixture);
            RecordingTransport watcher = new RecordingTransport();
            hub.connect(0, watcher);
            hub.subscribe(watcher, "user_status_4");
            RecordingTransport user = new RecordingTransport(4, "u");
            hub.connect(0, user);
            assertEquals(Map.of(4L, 0L), fixture.store.onlineTimes().get(0, List.of(4L)));
            hub.disconnect(user);
            assertEquals(List.of("{\"data\":\"online\",\"event\":\"online\",\"pipe\":\"user_status_4\"}",
                    "{\"data\":\"offline\",\"event\":\"offline\",\"pipe\":\"user_status_4\"}"), watcher.texts());
            assertEquals(Map.of(4L, WiringFixture.NOW), fixture.store.onlineTimes().get(0, List.of(4L)));
        }
    }

    @Test
    void switchesTurnEachPartOff() {
        try (WiringFixture fixture = new WiringFixture(dir, "")) {
            CometConfig off = CometConfig.parse("[main]\nsend_user_online_events = false\n"
                    + "send_user_offline_events = false\nsave_users_last_online_time = false\n");
            Publisher publisher = fixture.newPublisher();
            LocalHub hub = hub(new PresenceRecorder(off.main(), fixture.store.onlineTimes(), Runnable::run,
                    fixture.clock, publisher), publisher, fixture);
            RecordingTransport watcher = new RecordingTransport();
            hub.connect(0, watcher);
            hub.subscribe(watcher, "user_status_4");
            RecordingTransport user = new RecordingTransport(4, "u");
            hub.connect(0, user);
            hub.disconnect(user);
            assertTrue(watcher.texts().isEmpty());
            assertTrue(fixture.store.onlineTimes().get(0, List.of(4L)).isEmpty());
        }
    }
}
