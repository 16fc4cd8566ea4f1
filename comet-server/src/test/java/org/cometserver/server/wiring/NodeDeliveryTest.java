package org.cometserver.server.wiring;

import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@link NodeDelivery} does with controls and private messages the broker brings this node. */
class NodeDeliveryTest {
    @TempDir
    Path dir;
    private WiringFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, "");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void settingsChangedByAnotherNodeAreReadAgain() {
        fixture.store.pipeSettings().put(0, "chan", 5); // as another node's INSERT INTO pipes_settings
        assertEquals(0, fixture.publisher.keep(0, "chan"), "cached before the control");
        fixture.publisher.settingsChanged(0, List.of("chan"));
        assertEquals(5, fixture.publisher.keep(0, "chan"));
        fixture.store.pipeSettings().delete(0, List.of("chan"));
        fixture.publisher.settingsChanged(0, List.of("chan"));
        assertEquals(0, fixture.publisher.keep(0, "chan"));
    }

    @Test
    void aMessageQueuedForAUserTellsHisConnectionsToReplayWhatTheyMissed() {
        RecordingTransport page = fixture.connect(0, 12);
        // as a message queued on another node while this connection registered (its login read the queue before)
        fixture.publisher.queueChanged(0, 12);
        assertEquals(1, page.queueChanges());
        fixture.publisher.queueChanged(0, 13);
        assertEquals(1, page.queueChanges(), "another user's queue is none of its business");
    }

    @Test
    void aDisconnectControlClosesTheUsersConnectionsWithItsCode() {
        RecordingTransport page = fixture.connect(0, 9);
        fixture.publisher.disconnectUser(0, 9, Disconnect.AUTH_REVOKED);
        assertEquals(Disconnect.AUTH_REVOKED, page.closedWith());
    }

    @Test
    void aQueueableMessageForAUserWhoLeftIsQueuedByTheNode() {
        NodeDelivery delivery = new NodeDelivery(fixture.hub, fixture.publisher, fixture.store, Runnable::run);
        byte[] frame = "{\"data\":\"hi\",\"event\":\"ev\",\"pipe\":\"msg\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, delivery.onUserMessage(0, new UserMessage(12, frame, "ev", "hi")));
        assertEquals(0, delivery.onUserMessage(0, new UserMessage(12, frame, null, null)), "call frames are not kept");
        assertEquals(List.of("hi"), fixture.store.messageQueue().peek(0, List.of(12L), WiringFixture.NOW).stream()
                .map(m -> m.message()).toList());
    }

    @Test
    void aPhoneAnotherNodeDialledIsListedHereAsThatNodeListsIt() {
        NodeDelivery delivery = new NodeDelivery(fixture.hub, fixture.publisher, fixture.store, Runnable::run);
        delivery.onControl(new Control.PhoneInRoom(0, "uuid-9", 62, "sofia/gateway/gw/+4930888"));
        assertEquals(Optional.of(new DialledMembers.Phone(62, "sofia/gateway/gw/+4930888")),
                fixture.publisher.phones().phone("uuid-9"));
    }
}
