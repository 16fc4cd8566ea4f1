package org.cometserver.server.store;

import org.cometserver.server.config.DbSection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link Store} must have; run against H2 and a real MariaDB by the subclasses. */
abstract class StoreContractTest {
    private DbSection db;
    protected Store store;

    /** A fresh, empty database for one test. */
    protected abstract DbSection newDatabase();

    @BeforeEach
    void open() {
        db = newDatabase();
        store = JdbcStore.open(db, Duration.ofMillis(100));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void restart() {
        store.close();
        store = JdbcStore.open(db, Duration.ofMillis(100));
    }

    @Test
    void inListsLongerThanOneStatementBindsAreSplit() {
        List<Long> ids = java.util.stream.LongStream.rangeClosed(1, 3L * Jdbc.MAX_IN_LIST + 1).boxed().toList();
        store.auth().put(1, 1, "first");
        store.auth().put(1, ids.get(ids.size() - 1), "last");
        assertEquals(Map.of(1L, "first", ids.get(ids.size() - 1), "last"), store.auth().get(1, ids));
        assertEquals(2, store.auth().delete(1, ids));
    }

    @Test
    void authHashesAreReplacedReadAndDeletedPerDev() {
        store.auth().put(1, 10, "a");
        store.auth().put(1, 10, "b");
        store.auth().put(1, 11, "c");
        store.auth().put(2, 10, "other dev");
        assertEquals(Map.of(10L, "b", 11L, "c"), store.auth().get(1, List.of(10L, 11L, 12L)));
        assertEquals(Map.of(10L, "b"), store.auth().all(1, 1));
        assertEquals(1, store.auth().delete(1, List.of(10L, 12L)));
        assertEquals(Map.of(11L, "c"), store.auth().get(1, List.of(10L, 11L)));
        assertEquals(Map.of(10L, "other dev"), store.auth().get(2, List.of(10L)));
        assertEquals(Map.of(), store.auth().get(1, List.of()));
    }

    @Test
    void onlineTimesAreUpserted() {
        store.onlineTimes().put(0, 5, 0);
        store.onlineTimes().put(0, 5, 1_700_000_000L);
        assertEquals(Map.of(5L, 1_700_000_000L), store.onlineTimes().get(0, List.of(5L, 6L)));
        assertEquals(Map.of(5L, 1_700_000_000L), store.onlineTimes().all(0, 10));
    }

    @Test
    void queueKeepsOrderAndEveryMessageUntilExpiry() {
        for (int i = 0; i < 15; i++) {
            store.messageQueue().push(queued("m" + i, 7, 100, 200, "text " + i));
        }
        store.messageQueue().push(queued("x", 8, 100, 200, "for 8"));
        List<QueuedMessage> peeked = store.messageQueue().peek(0, List.of(7L), 150);
        assertEquals(15, peeked.size(), "all messages kept, not only 10");
        assertEquals("m0", peeked.get(0).id());
        assertEquals("m14", peeked.get(14).id());
        assertEquals(List.of(), store.messageQueue().peek(0, List.of(7L), 200), "expired at expires_at");
        assertEquals(3, store.messageQueue().all(0, 3, 150).size());

        List<QueuedEntry> pending = store.messageQueue().since(0, 7, 0, 150);
        assertEquals(15, pending.size());
        assertEquals("text 0", pending.get(0).message().message());
        assertEquals(pending, store.messageQueue().since(0, 7, 0, 150), "reading leaves the queue as it is");
        long fifth = pending.get(4).seq();
        assertEquals(pending.subList(5, 15), store.messageQueue().since(0, 7, fifth, 150), "after a seq");
        assertEquals(List.of(), store.messageQueue().since(0, 7, 0, 200), "expired at expires_at");

        assertEquals(5, store.messageQueue().deleteUpTo(0, 7, fifth));
        assertEquals(pending.subList(5, 15), store.messageQueue().since(0, 7, 0, 150), "the received ones deleted");
        assertEquals(0, store.messageQueue().deleteUpTo(0, 7, fifth), "deleting again changes nothing");
        assertEquals(1, store.messageQueue().peek(0, List.of(8L), 150).size(), "other users untouched");
    }

    @Test
    void queueClearAndPurge() {
        store.messageQueue().push(queued("a", 1, 100, 150, "old"));
        store.messageQueue().push(queued("b", 1, 100, 300, "new"));
        store.messageQueue().push(queued("c", 2, 100, 300, "other"));
        assertEquals(1, store.messageQueue().purgeExpired(150));
        assertEquals(List.of("b"), store.messageQueue().peek(0, List.of(1L), 0).stream().map(QueuedMessage::id).toList());
        assertEquals(1, store.messageQueue().clear(0, List.of(1L)));
        assertEquals(1, store.messageQueue().peek(0, List.of(2L), 0).size());
    }

    @Test
    void historyIsTrimmedPerChannelAndReadOldestFirst() {
        for (int i = 0; i < 8; i++) {
            store.history().append(3, entry("h" + i, "chan_a", "msg " + i), 5);
        }
        store.history().append(3, entry("b0", "chan_b", "b"), 5);
        List<HistoryEntry> a = store.history().read(3, List.of("chan_a"), 99);
        assertEquals(List.of("h3", "h4", "h5", "h6", "h7"), a.stream().map(HistoryEntry::id).toList());
        assertEquals(List.of("h6", "h7"), store.history().read(3, List.of("chan_a"), 2).stream()
                .map(HistoryEntry::id).toList());
        assertEquals(List.of("h3", "h4", "h5", "h6", "h7", "b0"), store.history().read(3, List.of("chan_a", "chan_b"),
                99).stream().map(HistoryEntry::id).toList());
        assertEquals(6, store.history().all(3, 100).size());
        assertEquals(1, store.history().deleteIds(3, List.of("h3", "nope")));
        assertEquals(4, store.history().deletePipes(3, List.of("chan_a")));
        assertEquals(List.of("b0"), store.history().all(3, 100).stream().map(HistoryEntry::id).toList());
    }

    @Test
    void historyWithOffsetsIsTrimmedByOffsetAndReadWithItsEpoch() {
        assertEquals(new HistoryStore.Stream(null, 0), store.history().stream(3, "pos"));
        store.history().createStream(3, "pos", "e1", 0);
        for (int i = 1; i <= 6; i++) {
            store.history().append(3, new HistoryEntry("p" + i, 1_700_000_000L, "pos", "ev", "m" + i, -1, i, null), 4);
        }
        assertEquals(new HistoryStore.Stream("e1", 6), store.history().stream(3, "pos"));
        assertEquals(List.of(3L, 4L, 5L, 6L), store.history().read(3, List.of("pos"), 10).stream()
                .map(HistoryEntry::offset).toList(), "trimmed to the newest 4 offsets");
        List<HistoryEntry> after = store.history().after(3, "pos", 4, 1);
        assertEquals(List.of(new HistoryEntry("p5", 1_700_000_000L, "pos", "ev", "m5", -1, 5, "e1")), after);
        restart();
        assertEquals(new HistoryStore.Stream("e1", 6), store.history().stream(3, "pos"), "never back after a restart");
        assertEquals(1, store.history().deleteIds(3, List.of("p6")));
        assertEquals(new HistoryStore.Stream(null, 5), store.history().stream(3, "pos"), "the epoch is gone");
        store.history().createStream(3, "pos", "e2", 5);
        assertEquals(3, store.history().deletePipes(3, List.of("pos")));
        assertEquals(new HistoryStore.Stream(null, 0), store.history().stream(3, "pos"));
    }

    @Test
    void historyKeepsUtf8AndLongMessages() {
        String message = "héllo ✓ 😀 " + "x".repeat(70_000);
        store.history().append(0, entry("u", "chan", message), 10);
        assertEquals(message, store.history().read(0, List.of("chan"), 1).get(0).message());
    }

    @Test
    void pipeSettingsLoadAllAndDelete() {
        store.pipeSettings().put(1, "chan", 10);
        store.pipeSettings().put(1, "chan", 20);
        store.pipeSettings().put(2, "chan", 5);
        assertEquals(List.of(new PipeSetting(1, "chan", 20), new PipeSetting(2, "chan", 5)),
                store.pipeSettings().loadAll().stream().sorted((x, y) -> x.devId() - y.devId()).toList());
        assertEquals(1, store.pipeSettings().delete(1, List.of("chan")));
        assertEquals(1, store.pipeSettings().loadAll().size());
    }

    @Test
    void userDataAndRevokedTokens() {
        store.userData().put(0, 1, "{\"a\":1}");
        store.userData().put(0, 1, "v2");
        assertEquals(Map.of(1L, "v2"), store.userData().get(0, List.of(1L)));
        assertEquals(Map.of(1L, "v2"), store.userData().all(0, 5));
        assertEquals(1, store.userData().delete(0, List.of(1L)));

        String token = "t".repeat(500);
        store.revokedTokens().put(0, token, 1);
        store.revokedTokens().put(0, token, 2);
        store.revokedTokens().put(0, "short", 1);
        assertEquals(List.of(token), store.revokedTokens().get(0, List.of(token, "unknown")));
        assertEquals(2, store.revokedTokens().all(0, 10).size());
        assertEquals(1, store.revokedTokens().delete(0, List.of("short")));
    }

    @Test
    void guestPassIsRedeemedOnceBeforeItExpires() {
        GuestPass pass = store.guests().create(3, "101", "Ann", "tok-a", 1000, 1600);
        GuestPass other = store.guests().create(3, "202", "", "tok-b", 1000, 1600);
        store.guests().create(4, "101", "", "tok-c", 1000, 1600);
        assertTrue(pass.seq() > 0 && other.seq() != pass.seq(), "distinct sequence numbers");
        assertEquals(0, pass.used());
        assertEquals(List.of(pass), store.guests().byNames(3, List.of("101")));
        assertEquals(List.of(other), store.guests().bySeqs(3, List.of(other.seq())));
        assertEquals(List.of(pass), store.guests().byTokens(3, List.of("tok-a")));
        assertEquals(List.of(), store.guests().byTokens(3, List.of("tok-c")), "another dev's pass");
        assertEquals(2, store.guests().all(3, 10).size());

        assertTrue(store.guests().redeem("tok-b", "pw", 1600).isEmpty(), "expired at expires");
        GuestPass redeemed = store.guests().redeem("tok-a", "sip-pw", 1200).orElseThrow();
        assertEquals(1200, redeemed.used());
        assertEquals("sip-pw", redeemed.sipPassword());
        assertTrue(redeemed.activeAt(1599) && !redeemed.activeAt(1600));
        assertTrue(store.guests().redeem("tok-a", "other", 1201).isEmpty(), "one use only");
        assertEquals("sip-pw", store.guests().byToken("tok-a").orElseThrow().sipPassword());

        assertEquals(1, store.guests().delete(3, List.of(other.seq(), 999_999L)));
        assertEquals(2, store.guests().purgeExpired(1600));
        assertEquals(List.of(), store.guests().all(3, 10));
    }

    @Test
    void temporaryUsersExpireOrBelongToARoomAndAPlainPutMakesThemPermanent() {
        store.auth().put(1, 10, "a", 500, "");
        store.auth().put(1, 11, "b", 0, "room1");
        store.auth().put(1, 12, "c", 900, "room1");
        store.auth().put(1, 13, "d");
        assertEquals(List.of(new TemporaryUser(1, 10, 500, "", "a")), store.auth().expired(500, 10));
        assertEquals(List.of(new TemporaryUser(1, 10, 500, "", "a"), new TemporaryUser(1, 12, 900, "room1", "c")),
                store.auth().expired(1000, 10));

        assertEquals(List.of(11L, 12L), store.auth().boundTo(1, "room1").stream().map(TemporaryUser::userId).sorted()
                .toList());
        store.auth().put(1, 12, "c2");
        assertEquals(List.of(11L), store.auth().boundTo(1, "room1").stream().map(TemporaryUser::userId).toList());
        assertEquals(Map.of(10L, "a", 11L, "b", 12L, "c2", 13L, "d"), store.auth().all(1, 10));
    }

    @Test
    void conferenceInvitationsPerUser() {
        store.conferences().put(invitation("101", 1, "first"));
        store.conferences().put(invitation("101", 1, "replaced"));
        store.conferences().put(invitation("101", 2, "second"));
        store.conferences().put(invitation("202", 1, "other room"));
        List<StoredInvitation> room = store.conferences().get(0, List.of("101"));
        assertEquals(List.of("replaced", "second"), room.stream().map(StoredInvitation::message).toList());
        assertEquals(3, store.conferences().all(0, 10).size());
        assertEquals(1, store.conferences().delete(0, "101", List.of(2L)));
        assertEquals(1, store.conferences().delete(0, "101", null));
        assertEquals(List.of("202"), store.conferences().all(0, 10).stream().map(StoredInvitation::name).toList());
    }

    @Test
    void roomSettingsAreReplacedFoundByPinAndDeleted() {
        store.roomSettings().put(settings("101", "1234", 5));
        store.roomSettings().put(settings("101", "5678", 6));
        store.roomSettings().put(settings("202", "", 0));
        store.roomSettings().put(settings("303", "", 0)); // any number of rooms without a PIN
        RoomSettings other = new RoomSettings(1, "101", "1234", 0, false, false, 0, 0, "", false, false, false);
        store.roomSettings().put(other); // another dev may use the same PIN
        assertEquals(List.of(settings("101", "5678", 6)), store.roomSettings().get(0, List.of("101", "404")));
        assertEquals(List.of("101", "202"), store.roomSettings().all(0, 2).stream().map(RoomSettings::name).toList());
        assertEquals("101", store.roomSettings().byPin(0, "5678").orElseThrow().name());
        assertTrue(store.roomSettings().byPin(0, "1234").isEmpty(), "the old PIN is free again");
        assertTrue(store.roomSettings().byPin(0, "").isEmpty());
        assertEquals(List.of(other), store.roomSettings().byPinAnyDev("1234", 10));
        RoomSettingsStore.PinTakenException taken = org.junit.jupiter.api.Assertions.assertThrows(
                RoomSettingsStore.PinTakenException.class, () -> store.roomSettings().put(settings("202", "5678", 0)));
        assertEquals("The pin is already used by room 101", taken.getMessage());
        assertEquals("", store.roomSettings().get(0, List.of("202")).get(0).pin(), "unchanged");
        assertEquals(2, store.roomSettings().delete(0, List.of("101", "202")));
        assertEquals(List.of("303"), store.roomSettings().all(0, 10).stream().map(RoomSettings::name).toList());
    }

    @Test
    void recordingsStartStopAndDelete() {
        store.recordings().started(new StoredRecording(0, "101", "/rec/0_101_a.wav", 100, 0, 0, "fs1"));
        store.recordings().started(new StoredRecording(0, "101", "/rec/0_101_b.wav", 200, 0, 0, "fs1"));
        store.recordings().started(new StoredRecording(0, "202", "/rec/0_202_a.wav", 150, 0, 0, "fs1"));
        assertTrue(store.recordings().stopped(0, "/rec/0_101_a.wav", 160, 64474));
        assertTrue(!store.recordings().stopped(0, "/rec/unknown.wav", 160, 1));
        assertEquals(List.of(new StoredRecording(0, "101", "/rec/0_101_a.wav", 100, 160, 64474, "fs1"),
                        new StoredRecording(0, "101", "/rec/0_101_b.wav", 200, 0, 0, "fs1")),
                store.recordings().get(0, List.of("101")));
        assertEquals(3, store.recordings().all(0, 10).size());
        assertEquals(1, store.recordings().delete(0, "101", List.of("/rec/0_101_a.wav")));
        assertEquals(1, store.recordings().delete(0, "101", null));
        assertEquals(List.of("202"), store.recordings().all(0, 10).stream().map(StoredRecording::room).toList());
    }

    @Test
    void phonesInRoomsArePutReplacedDeletedAndPurged() {
        store.phones().put(new StoredPhone("uuid-b", 62, "sofia/gateway/gw/+4930888", 200));
        store.phones().put(new StoredPhone("uuid-a", 0, "+4930555", 100));
        store.phones().put(new StoredPhone("uuid-b", 63, "user/1000", 300));
        assertEquals(List.of(new StoredPhone("uuid-b", 63, "user/1000", 300),
                new StoredPhone("uuid-a", 0, "+4930555", 100)), store.phones().newest(10));
        assertEquals(List.of(new StoredPhone("uuid-b", 63, "user/1000", 300)), store.phones().newest(1));
        assertEquals(1, store.phones().delete(List.of("uuid-b", "uuid-unknown")));
        assertEquals(0, store.phones().delete(List.of()));
        store.phones().put(new StoredPhone("uuid-c", 1, "x".repeat(255), 400));
        assertEquals(1, store.phones().purgeOlderThan(400));
        restart();
        assertEquals(List.of(new StoredPhone("uuid-c", 1, "x".repeat(255), 400)), store.phones().newest(10));
    }

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() {
        store.auth().put(0, 1, "hash");
        store.onlineTimes().put(0, 1, 123);
        store.messageQueue().push(queued("q", 1, 100, Long.MAX_VALUE, "queued"));
        store.history().append(0, entry("h", "chan", "kept"), 10);
        store.pipeSettings().put(0, "chan", 10);
        store.userData().put(0, 1, "data");
        store.revokedTokens().put(0, "token", 1);
        store.conferences().put(invitation("101", 1, "invite"));

        restart();

        assertEquals(Map.of(1L, "hash"), store.auth().get(0, List.of(1L)));
        assertEquals(Map.of(1L, 123L), store.onlineTimes().get(0, List.of(1L)));
        assertEquals("queued", store.messageQueue().peek(0, List.of(1L), 200).get(0).message());
        assertEquals("kept", store.history().read(0, List.of("chan"), 10).get(0).message());
        assertEquals(List.of(new PipeSetting(0, "chan", 10)), store.pipeSettings().loadAll());
        assertEquals(List.of(new PipeSetting(0, "chan", 10)), store.pipeSettings().get(0, List.of("chan", "none")));
        assertEquals(List.of(), store.pipeSettings().get(1, List.of("chan")));
        assertEquals(Map.of(1L, "data"), store.userData().get(0, List.of(1L)));
        assertEquals(List.of("token"), store.revokedTokens().get(0, List.of("token")));
        assertEquals("invite", store.conferences().get(0, List.of("101")).get(0).message());
    }

    @Test
    void reopeningKeepsTheSchemaVersion() {
        restart();
        restart();
        store.auth().put(0, 1, "still works");
        assertTrue(SchemaMigrations.latestVersion() >= 1);
    }

    private static QueuedMessage queued(String id, long userId, long time, long expiresAt, String text) {
        return new QueuedMessage(id, 0, userId, time, expiresAt, "ev", text);
    }

    private static HistoryEntry entry(String id, String pipe, String message) {
        return new HistoryEntry(id, 1_700_000_000L, pipe, "ev", message, 0);
    }

    private static RoomSettings settings(String name, String pin, int maxMembers) {
        return new RoomSettings(0, name, pin, maxMembers, true, false, 3600, 7, "2x2", true, true, false);
    }

    private static StoredInvitation invitation(String name, long userId, String message) {
        return new StoredInvitation(0, name, userId, userId, message, "video", "", "fs:7443", 0);
    }
}
