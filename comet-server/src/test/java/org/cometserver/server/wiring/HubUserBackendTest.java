package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.UserBackend;
import org.cometserver.cometql.spi.UserBackend.QueuedMessage;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.hub.Disconnect;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubUserBackendTest {
    @TempDir
    Path dir;
    private WiringFixture fixture;
    private UserBackend users;

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, "[main]\npassword = CometQLPassword\nqueue_ttl = 60\n");
        users = fixture.backends.users();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void lastOnlineTimes() {
        fixture.connect(0, 2);
        fixture.store.onlineTimes().put(0, 3, 1_438_245_468L);
        fixture.store.onlineTimes().put(0, 4, 0);
        assertEquals(Map.of(2L, 0L, 3L, 1_438_245_468L, 4L, -1L, 145L, -1L),
                users.lastOnlineTimes(0, List.of(2L, 3L, 4L, 145L)));
        assertEquals(List.of(2L, 3L, 4L, 145L), List.copyOf(users.lastOnlineTimes(0, List.of(2L, 3L, 4L, 145L))
                .keySet()), "in the order asked");
    }

    @Test
    void privateMessageGoesLiveToEveryDeviceElseIsQueued() {
        RecordingTransport phone = fixture.connect(0, 5);
        RecordingTransport laptop = fixture.connect(0, 5);
        assertTrue(users.sendMessage(0, 5, "ev", "hi"));
        assertEquals(List.of("{\"data\":\"hi\",\"event\":\"ev\",\"pipe\":\"msg\"}"), phone.texts());
        assertEquals(phone.texts(), laptop.texts());
        assertEquals(List.of(), users.queuedMessages(0, List.of(5L)));

        for (int i = 0; i < 12; i++) {
            assertFalse(users.sendMessage(0, 6, "ev", "offline " + i));
        }
        List<QueuedMessage> queued = users.queuedMessages(0, List.of(6L));
        assertEquals(12, queued.size(), "every message kept");
        assertEquals(new QueuedMessage(queued.get(0).id(), 6, WiringFixture.NOW, "ev", "offline 0"), queued.get(0));
        assertEquals(WiringFixture.NOW + 60, fixture.store.messageQueue().peek(0, List.of(6L), 0).get(0).expiresAt());
        assertEquals(3, users.allQueuedMessages(0, 3).size());
        assertEquals(12, users.clearQueues(0, List.of(6L)));
    }

    @Test
    void deletingAuthHashDisconnectsTheUser() {
        users.setAuthHash(0, 8, "key8");
        assertEquals(Map.of(8L, "key8"), users.authHashes(0, List.of(8L, 9L)));
        assertEquals(Map.of(8L, "key8"), users.allAuthHashes(0, 10));
        RecordingTransport device = fixture.connect(0, 8);
        assertEquals(1, users.deleteAuthHashes(0, List.of(8L)));
        assertEquals(Disconnect.AUTH_REVOKED, device.closedWith());
        assertFalse(fixture.hub.isOnline(0, 8));
    }

    @Test
    void revokingAValidJwtRemovesTheHashAndKicks() {
        JwtTokens tokens = new JwtTokens("CometQLPassword", fixture.clock);
        String token = tokens.issue(1, 11, WiringFixture.NOW + 3600);
        users.setAuthHash(1, 11, "key");
        RecordingTransport device = fixture.connect(1, 11);
        users.revokeToken(1, token);
        assertEquals(List.of(token), users.revokedTokens(1, List.of(token, "x")));
        assertEquals(Map.of(), users.authHashes(1, List.of(11L)));
        assertEquals(Disconnect.AUTH_REVOKED, device.closedWith());
    }

    @Test
    void revokingOtherTokensOnlyStoresThem() {
        JwtTokens tokens = new JwtTokens("CometQLPassword", fixture.clock);
        users.setAuthHash(0, 11, "key");
        users.setAuthHash(1, 11, "key");
        RecordingTransport device = fixture.connect(1, 11);
        String expired = tokens.issue(1, 11, WiringFixture.NOW - 1);
        String otherDev = tokens.issue(0, 11, WiringFixture.NOW + 3600);
        users.revokeToken(1, expired);
        users.revokeToken(1, otherDev);
        users.revokeToken(1, "not-a-jwt");
        assertNull(device.closedWith());
        assertEquals(Map.of(11L, "key"), users.authHashes(1, List.of(11L)));
        assertEquals(3, users.allRevokedTokens(1, 10).size());
        assertEquals(1, users.deleteRevokedTokens(1, List.of("not-a-jwt")));
    }

    @Test
    void userData() {
        users.setUserData(0, 1, "{\"name\":\"x\"}");
        assertEquals(Map.of(1L, "{\"name\":\"x\"}"), users.userData(0, List.of(1L)));
        assertEquals(1, users.allUserData(0, 5).size());
        assertEquals(1, users.deleteUserData(0, List.of(1L)));
    }
}
