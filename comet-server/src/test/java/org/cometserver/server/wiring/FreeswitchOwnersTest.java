package org.cometserver.server.wiring;

import org.cometserver.esl.conference.Member;
import org.cometserver.esl.spi.ConferenceListener;
import org.cometserver.server.broker.Leases;
import org.cometserver.server.broker.Leases.Lease;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which server passes a FreeSWITCH node's events on, with scripted lease answers and a stepped clock: the holder at
 * once; another server holds them back, drops what the live holder had, and passes the rest on when it takes over.
 */
class FreeswitchOwnersTest {
    private static final long TTL = 5_000;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** The next acquire's answer: holder, remaining ms, released ms ago. */
    private Lease next;
    private final List<String> released = new ArrayList<>();
    private final Leases leases = new Leases() {
        @Override
        public CompletableFuture<Lease> acquire(String name) {
            return CompletableFuture.completedFuture(new Lease(name, next.holder(), next.mine(),
                    next.remainingMillis(), next.releasedMillisAgo()));
        }

        @Override
        public CompletableFuture<Void> release(String name) {
            released.add(name);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Duration ttl() {
            return Duration.ofMillis(TTL);
        }

        @Override
        public void close() {
        }
    };
    private final List<String> heard = new ArrayList<>();
    private final FreeswitchOwners owners = new FreeswitchOwners(leases, List.of("fs1", "fs2"), Runnable::run, null,
            nanos::get);
    private final ConferenceListener listener = owners.owned(new ConferenceListener() {
        @Override
        public void memberJoined(Member member) {
            heard.add("joined " + member.node() + " " + member.memberId());
        }

        @Override
        public void memberLeft(Member member) {
            heard.add("left " + member.node() + " " + member.memberId());
        }

        @Override
        public void memberChanged(Member before, Member after) {
            heard.add("changed " + after.node() + " " + after.memberId());
        }
    });

    private void answer(String holder, long remaining, long releasedAgo) {
        next = new Lease("", holder, holder.equals("me"), remaining, releasedAgo);
        owners.renew();
    }

    private void step(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static Member member(String node, int id) {
        return new Member(node, "0*room-127.0.0.1", id, "uuid-" + id, "00000071", "71", Instant.EPOCH, null, false,
                false, false, false, false, false);
    }

    @Test
    void theHolderPassesEventsOnAtOnce() {
        answer("me", TTL, -1);
        assertTrue(owners.owns("fs1"));
        assertEquals("me", owners.holder("fs1"));
        listener.memberJoined(member("fs1", 1));
        listener.memberChanged(member("fs1", 1), member("fs1", 1));
        assertEquals(List.of("joined fs1 1", "changed fs1 1"), heard);
    }

    @Test
    void anotherServerHoldsEventsBackAndPassesOnOnlyWhatTheDeadHolderMissed() {
        answer("other", TTL, -1); // other renewed just now
        listener.memberJoined(member("fs1", 1)); // the live holder announces it
        step(1_000);
        answer("other", TTL, -1); // renewed again: member 1 was the holder's
        listener.memberJoined(member("fs1", 2)); // the holder dies right after this
        step(1_000);
        answer("other", TTL - 1_000, -1); // no renewal since
        assertFalse(owners.owns("fs1"));
        assertEquals(List.of(), heard, "nothing passed on while another server holds the lease");

        step(4_000);
        listener.memberLeft(member("fs1", 2));
        answer("me", TTL, -1); // the lease expired: taken over
        assertTrue(owners.owns("fs1"));
        assertEquals(List.of("joined fs1 2", "left fs1 2"), heard, "what came after the last renewal, in order, once");
        listener.memberJoined(member("fs1", 3));
        assertEquals(List.of("joined fs1 2", "left fs1 2", "joined fs1 3"), heard);
    }

    @Test
    void afterAReleaseTheEventsBeforeItWereTheHoldersOwn() {
        answer("other", TTL, -1);
        step(200);
        listener.memberJoined(member("fs1", 1));
        step(300);
        listener.memberJoined(member("fs1", 2));
        step(100);
        answer("me", TTL, 200); // released 200 ms ago: after member 1, before member 2
        assertEquals(List.of("joined fs1 2"), heard);
    }

    @Test
    void aLeaseNotRenewedInTimeStopsTheEventsUntilItIsRenewed() {
        answer("me", TTL, -1);
        step(TTL + 1);
        assertFalse(owners.owns("fs1"), "renewals failed for a whole ttl: another server may hold it now");
        listener.memberJoined(member("fs1", 1));
        assertEquals(List.of(), heard);
        answer("me", TTL, -1);
        assertEquals(List.of("joined fs1 1"), heard);
    }

    @Test
    void eachFreeswitchNodeHasItsOwnHolderAndClosingReleasesOnlyMine() {
        next = new Lease("", "me", true, TTL, -1);
        owners.renew();
        listener.memberJoined(member("fs1", 1));
        listener.memberJoined(member("fs2", 1));
        assertEquals(List.of("joined fs1 1", "joined fs2 1"), heard);
        owners.close();
        assertEquals(List.of("freeswitch:fs1", "freeswitch:fs2"), released);
        assertFalse(owners.owns("fs1"));
        listener.memberJoined(member("fs1", 2));
        assertEquals(2, heard.size(), "after close the next holder processes the events");
    }

    @Test
    void aRenewalAnsweredAfterCloseTakesNothingBack() {
        answer("me", TTL, -1);
        owners.close();
        answer("me", TTL, -1); // a renewal that crossed the release
        assertFalse(owners.owns("fs1"));
        listener.memberJoined(member("fs1", 1));
        assertEquals(List.of(), heard);
    }
}
