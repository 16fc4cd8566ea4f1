package org.cometserver.server.broker;

import org.cometserver.server.broker.Leases.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link Leases} does for one node: takes a free lease, keeps it while renewing, takes it after release. */
public abstract class LeasesContract {
    private final List<Leases> opened = new ArrayList<>();

    /** A node's leases over empty state (the same state for every call within a test). */
    protected abstract Leases newLeases(String node);

    protected final Leases leases(String node) {
        Leases leases = newLeases(node);
        opened.add(leases);
        return leases;
    }

    /** Closes every node's leases (before whatever they run on). */
    @AfterEach
    protected void closeLeases() {
        opened.forEach(Leases::close);
        opened.clear();
    }

    protected static Lease acquire(Leases leases, String name) throws Exception {
        return leases.acquire(name).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFreeLeaseIsTaken() throws Exception {
        Lease lease = acquire(leases("n1"), "freeswitch:fs1");
        assertTrue(lease.mine(), lease.toString());
        assertEquals("n1", lease.holder());
        assertEquals("freeswitch:fs1", lease.name());
        assertTrue(lease.remainingMillis() > 0, lease.toString());
        assertEquals(-1, lease.releasedMillisAgo(), "taken fresh, not after a release");
    }

    @Test
    void theHolderKeepsItWhileRenewing() throws Exception {
        Leases n1 = leases("n1");
        acquire(n1, "freeswitch:fs1");
        Lease renewed = acquire(n1, "freeswitch:fs1");
        assertTrue(renewed.mine(), renewed.toString());
        assertEquals(-1, renewed.releasedMillisAgo());
        assertTrue(renewed.remainingMillis() > 0);
    }

    @Test
    void leasesOfDifferentNamesAreIndependent() throws Exception {
        Leases n1 = leases("n1");
        assertTrue(acquire(n1, "freeswitch:fs1").mine());
        assertTrue(acquire(n1, "freeswitch:fs2").mine());
    }

    @Test
    void aReleasedLeaseIsTakenAgain() throws Exception {
        Leases n1 = leases("n1");
        acquire(n1, "freeswitch:fs1");
        n1.release("freeswitch:fs1").get(10, TimeUnit.SECONDS);
        Lease again = acquire(n1, "freeswitch:fs1");
        assertTrue(again.mine(), again.toString());
    }

    @Test
    void releasingALeaseNeverHeldIsHarmless() throws Exception {
        Leases n1 = leases("n1");
        n1.release("freeswitch:nobody").get(10, TimeUnit.SECONDS);
        assertTrue(acquire(n1, "freeswitch:nobody").mine());
    }

    @Test
    void theTtlIsPositive() {
        assertFalse(leases("n1").ttl().isNegative() || leases("n1").ttl().isZero());
    }
}
