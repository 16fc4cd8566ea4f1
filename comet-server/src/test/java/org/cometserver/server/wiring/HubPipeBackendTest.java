package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.PipeBackend;
import org.cometserver.cometql.spi.PipeBackend.HistoryMessage;
import org.cometserver.cometql.spi.PipeBackend.PipeSubscriber;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubPipeBackendTest {
    @TempDir
    Path dir;
    private WiringFixture fixture;
    private PipeBackend pipes;

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, "[main]\nmax_message_size = 100\n");
        pipes = fixture.backends.pipes();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void publishBroadcastsCppCometFrameWithoutHistoryByDefault() {
        RecordingTransport a = fixture.connect(0, 0);
        RecordingTransport b = fixture.connect(0, 7);
        fixture.hub.subscribe(a, "web_chat");
        fixture.hub.subscribe(b, "web_chat");
        assertFalse(pipes.historyEnabled(0, "web_chat"));

        assertEquals(2, pipes.publish(0, "web_chat", "event1", "hello"));
        String expected = "{\"data\":\"hello\",\"event\":\"event1\",\"message_send_time\":1700000000,"
                + "\"pipe\":\"web_chat\"}";
        assertEquals(List.of(expected), a.texts());
        assertEquals(List.of(expected), b.texts());
        assertEquals(List.of(), pipes.history(0, List.of("web_chat"), 99));
        assertEquals(0, pipes.publish(1, "web_chat", "e", "other dev"));
    }

    @Test
    void historyFollowsSettingsAndIsTrimmed() {
        pipes.setHistoryLength(0, "chat", 3);
        assertTrue(pipes.historyEnabled(0, "chat"));
        for (int i = 0; i < 5; i++) {
            pipes.publish(0, "chat", i == 0 ? "" : "ev", "m" + i);
        }
        List<HistoryMessage> history = pipes.history(0, List.of("chat"), 99);
        assertEquals(List.of("m2", "m3", "m4"), history.stream().map(HistoryMessage::message).toList());
        assertEquals(new HistoryMessage(history.get(0).id(), WiringFixture.NOW, "chat", "ev", "m2", 0), history.get(0));
        assertEquals(Map.of("chat", 3), pipes.historyLengths(0, List.of("chat", "none")));
        assertEquals(Map.of("chat", 3), pipes.allHistoryLengths(0, 10));

        assertEquals(1, pipes.deleteHistoryMessages(0, List.of(history.get(0).id())));
        assertEquals(2, pipes.deleteHistory(0, List.of("chat")));
        pipes.publish(0, "chat", "ev", "again");
        assertEquals(1, pipes.deleteSettings(0, List.of("chat")));
        assertFalse(pipes.historyEnabled(0, "chat"));
        assertEquals(List.of(), pipes.allHistory(0, 10), "settings removal drops the history");
    }

    @Test
    void emptyEventIsStoredAsUndefined() {
        pipes.setHistoryLength(0, "chat", 5);
        pipes.publish(0, "chat", "", "m");
        assertEquals("undefined", pipes.history(0, List.of("chat"), 1).get(0).event());
    }

    @Test
    void lengthIsClampedAndZeroDisables() {
        pipes.setHistoryLength(0, "big", 5000);
        // CppComet: MAX_LOG_LENGTH, [cometql] max_history_length's default
        assertEquals(Map.of("big", 1000), pipes.historyLengths(0, List.of("big")));
        pipes.setHistoryLength(0, "big", 0);
        assertFalse(pipes.historyEnabled(0, "big"));
        assertEquals(Map.of("big", 0), pipes.historyLengths(0, List.of("big")));
    }

    @Test
    void maxHistoryLengthClampsSettingsAndBoundsTrustChannels() {
        try (WiringFixture small = new WiringFixture(dir.resolve("small"), "[cometql]\nmax_history_length = 3\n")) {
            PipeBackend limited = small.backends.pipes();
            limited.setHistoryLength(0, "chat", 50);
            assertEquals(Map.of("chat", 3), limited.historyLengths(0, List.of("chat")));
            for (int i = 0; i < 5; i++) {
                limited.publish(0, "trust_x", "e", "m" + i);
            }
            assertEquals(3, limited.history(0, List.of("trust_x"), 10).size());
            assertEquals(3, CometQlWiring.cometQlConfig(small.config).maxHistoryLength(), "CometQL clamps too");
        }
    }

    @Test
    void trustChannelsKeepHistoryWithoutSettings() {
        assertTrue(pipes.historyEnabled(0, "trust_x"));
        pipes.publish(0, "trust_x", "e", "kept");
        assertEquals(1, pipes.allHistory(0, 10).size());
    }

    @Test
    void settingsSurviveIntoANewBackendThroughTheStore() {
        pipes.setHistoryLength(2, "chat", 4);
        PipeBackend fresh = CometQlWiring.backends(fixture.config, fixture.hub, fixture.store, fixture.clock, () -> 0, null,
                fixture.newPublisher()).pipes();
        assertTrue(fresh.historyEnabled(2, "chat"));
        assertFalse(fresh.historyEnabled(0, "chat"));
    }

    @Test
    void presenceTablesComeFromTheHub() {
        RecordingTransport anonymous = fixture.connect(0, 0);
        RecordingTransport user = fixture.connect(0, 9);
        fixture.hub.subscribe(anonymous, "p1");
        fixture.hub.subscribe(user, "p1");
        fixture.hub.subscribe(user, "p2");
        assertEquals(Map.of("p1", 2, "none", 0), pipes.subscriberCounts(0, List.of("p1", "none")));
        assertEquals(Map.of("p1", 2, "p2", 1), pipes.allSubscriberCounts(0, 10));
        assertEquals(List.of(new PipeSubscriber("p2", 9, "uuid-9", "test-agent", "127.0.0.1", "http://localhost",
                "en")), pipes.subscribers(0, List.of("p2")));
        assertEquals(3, pipes.allSubscribers(0, 10).size());
        assertEquals(2, pipes.allSubscribers(0, 2).size());
    }

    @Test
    void oversizedMessageIsError11() {
        CometQlException e = assertThrows(CometQlException.class, () -> pipes.publish(0, "chat", "e", "x".repeat(101)));
        assertEquals(11, e.code());
        assertEquals("Data is too long", e.getMessage());
        assertEquals(0, pipes.publish(0, "chat", "e", "é".repeat(50)), "100 bytes is within the limit");
    }
}
