package org.cometserver.server.wiring;

import org.cometserver.esl.standin.SteppingClock;
import org.cometserver.server.store.GuestPass;
import org.cometserver.xmlcurl.spi.DirectoryUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The directory's users over a real store: users_auth keys, and guests only while their pass is used and unexpired. */
class StoreDirectoryUsersTest {
    @TempDir
    Path dir;
    private WiringFixture fixture;
    private final SteppingClock clock = new SteppingClock(Instant.ofEpochSecond(WiringFixture.NOW));
    private StoreDirectoryUsers directory;

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, "");
        directory = new StoreDirectoryUsers(fixture.store.auth(), fixture.store.guests(), clock, Runnable::run);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void usersAuthKeysAreCppCometsEntries() {
        fixture.store.auth().put(4, 12, "hash12");
        assertEquals(Optional.of(DirectoryUser.of("hash12")), directory.user(4, 12).join());
        assertEquals(Optional.of("hash12"), directory.sipPassword(4, 12).join());
        assertEquals(Optional.empty(), directory.user(4, 13).join());
        assertEquals(Optional.empty(), directory.user(3, 12).join(), "another dev_id");
    }

    @Test
    void aGuestIsServedFromRedemptionUntilExpiryWithItsRoom() {
        GuestPass pass = fixture.store.guests().create(4, "room-9", "", "token-directory-01", WiringFixture.NOW,
                WiringFixture.NOW + 60);
        long guestId = GuestIds.ofSeq(pass.seq());
        assertEquals(Optional.empty(), directory.user(4, guestId).join(), "not redeemed yet");
        fixture.store.guests().redeem("token-directory-01", "sip-secret", WiringFixture.NOW);
        assertEquals(Optional.of(new DirectoryUser("sip-secret", "4*room-9")), directory.user(4, guestId).join());
        assertEquals(Optional.empty(), directory.user(5, guestId).join(), "only for its dev_id");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Optional.of("sip-secret"), directory.sipPassword(4, guestId).join());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), directory.user(4, guestId).join(), "expired");
    }

    @Test
    void tenDigitIdsOutsideTheGuestRangeAreNobody() {
        fixture.store.auth().put(0, 2_000_000_001L, "k");
        assertEquals(Optional.empty(), directory.user(0, 2_000_000_001L).join());
    }
}
