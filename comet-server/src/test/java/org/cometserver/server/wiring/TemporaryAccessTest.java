package org.cometserver.server.wiring;

import org.cometserver.esl.ConferenceControl;
import org.cometserver.esl.conference.Conference;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.standin.SteppingClock;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.store.GuestPass;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Temporary users and guests over a real H2 store: a ttl removes the user (and closes its connections), a room-bound
 * user goes when none of its members is back in the room after the grace period, and guests are kicked from rooms
 * their pass is not for and once their pass is gone.
 */
class TemporaryAccessTest {
    private static final String NODE = "fs.example.com:7443";
    private static final String ROOM_101 = "0*101-FSdefaultDomain";
    private static final Duration GRACE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private WiringFixture fixture;
    private final SteppingClock clock = new SteppingClock(Instant.ofEpochSecond(WiringFixture.NOW));
    private final List<String> kicks = new ArrayList<>();
    private final List<Runnable> delayed = new ArrayList<>();
    private ConferenceSnapshot snapshot = new ConferenceSnapshot(List.of(), Instant.EPOCH);
    private TemporaryAccess access;

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, """
                [sip]
                freeswitch = []Server=fs1.local,Pwd=x,Port=8021,WSport=7443,WShost=fs.example.com,Domain=FSdefaultDomain
                """);
        ConferenceControl control = new ConferenceControl() {
            @Override
            public CompletableFuture<String> conferenceCommand(String node, ConferenceCommand command,
                                                               String conference, String argument) {
                kicks.add(command.verb() + " " + conference + " " + argument);
                return CompletableFuture.completedFuture("+OK");
            }

            @Override
            public CompletableFuture<String> dial(String node, String conference, String profile, String dialString,
                                                  String callerIdNumber, String callerIdName) {
                throw new UnsupportedOperationException();
            }
        };
        access = new TemporaryAccess(fixture.config.sip(), node -> Optional.empty(), fixture.store,
                fixture.backends.users(), control, () -> snapshot, (task, delay) -> {
                    assertEquals(GRACE, delay);
                    delayed.add(task);
                }, GRACE, clock);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aTtlRemovesTheUserAndClosesItsConnectionsWhenItPasses() {
        fixture.backends.users().setAuthHash(0, 21, "key21", 60, "");
        fixture.backends.users().setAuthHash(0, 23, "key23");
        RecordingTransport browser = fixture.connect(0, 21);
        clock.advance(Duration.ofSeconds(59));
        access.sweep();
        assertEquals(Map.of(21L, "key21", 23L, "key23"), fixture.store.auth().all(0, 10));
        clock.advance(Duration.ofSeconds(1));
        access.sweep();
        assertEquals(Map.of(23L, "key23"), fixture.store.auth().all(0, 10), "permanent users stay");
        assertEquals(Disconnect.AUTH_REVOKED, browser.closedWith());
    }

    @Test
    void aRoomBoundUserGoesWhenNoneOfItsMembersIsBackAfterTheGracePeriod() {
        fixture.backends.users().setAuthHash(0, 22, "key22", 0, "101");
        fixture.backends.users().setAuthHash(0, 23, "key23");
        Member phone = member(ROOM_101, 5, "00000022");
        Member laptop = member(ROOM_101, 6, "00000022");
        // one of two devices leaves: the other is still in the room when the grace period ends
        snapshot = live(laptop);
        access.memberLeft(phone);
        access.memberLeft(member(ROOM_101, 7, "00000023")); // not bound to a room: nothing to check
        access.memberLeft(member("0*102-FSdefaultDomain", 8, "00000022")); // bound to another room
        assertEquals(1, delayed.size());
        runDelayed();
        assertEquals(Map.of(22L, "key22", 23L, "key23"), fixture.store.auth().all(0, 10));
        // the last device leaves, comes back within the grace period: stays
        snapshot = live();
        access.memberLeft(laptop);
        snapshot = live(member(ROOM_101, 9, "00000022"));
        runDelayed();
        assertEquals(2, fixture.store.auth().all(0, 10).size());
        // leaves for good
        snapshot = live();
        access.memberLeft(member(ROOM_101, 9, "00000022"));
        access.memberLeft(member(ROOM_101, 9, "00000022")); // one check per user and room
        assertEquals(1, delayed.size());
        runDelayed();
        assertEquals(Map.of(23L, "key23"), fixture.store.auth().all(0, 10));
    }

    @Test
    void guestsAreKickedFromOtherRoomsAndOnceTheirPassIsGone() {
        GuestPass pass = fixture.store.guests().create(0, "101", "Ann", "token-guest-0001", WiringFixture.NOW,
                WiringFixture.NOW + 600);
        fixture.store.guests().redeem("token-guest-0001", "pw", WiringFixture.NOW);
        String guest = FreeswitchRooms.directoryUser(0, GuestIds.ofSeq(pass.seq()));
        Member inItsRoom = member(ROOM_101, 3, guest);
        access.memberJoined(inItsRoom);
        access.memberJoined(member("0*102-FSdefaultDomain", 4, guest));
        access.memberJoined(member("5*101-FSdefaultDomain", 5, String.format("%06d%d", 5, GuestIds.ofSeq(pass.seq()))));
        assertEquals(List.of("kick 0*102-FSdefaultDomain 4", "kick 5*101-FSdefaultDomain 5"), kicks);

        kicks.clear();
        snapshot = live(inItsRoom);
        access.sweep();
        assertEquals(List.of(), kicks, "a live pass");
        clock.advance(Duration.ofSeconds(600));
        access.sweep();
        assertEquals(List.of("kick " + ROOM_101 + " 3"), kicks, "expired");
        assertEquals(List.of(), fixture.store.guests().all(0, 10), "expired passes are removed");
    }

    private void runDelayed() {
        List<Runnable> tasks = List.copyOf(delayed);
        delayed.clear();
        tasks.forEach(Runnable::run);
    }

    private static ConferenceSnapshot live(Member... members) {
        return new ConferenceSnapshot(List.of(new Conference(NODE, ROOM_101, "c1", "default", List.of(members))),
                Instant.EPOCH);
    }

    private static Member member(String conference, int id, String callerId) {
        return new Member(NODE, conference, id, "uuid-" + id, callerId, callerId, Instant.EPOCH, null, false, false,
                false, false, false, false);
    }
}
