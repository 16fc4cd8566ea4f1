package org.cometserver.server.broker.redis;

import org.cometserver.server.broker.Leases;
import org.cometserver.server.broker.Leases.Lease;
import org.cometserver.server.broker.LeasesContract;
import org.cometserver.server.e2e.ws.Eventually;
import org.cometserver.server.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract on Redis, and what only several nodes show: one holder, expiry of a silent one, release. */
class RedisLeasesTest extends LeasesContract {
    private final List<TestRedisNode> nodes = new ArrayList<>();

    @BeforeEach
    void emptyRedis() {
        RedisServer.shared().flushAll();
    }

    @AfterEach
    void closeNodes() {
        closeLeases(); // their connections first, then the clients
        nodes.forEach(TestRedisNode::close);
    }

    @Override
    protected Leases newLeases(String node) {
        TestRedisNode redis = new TestRedisNode(RedisServer.shared().uri(), node);
        nodes.add(redis);
        return new RedisLeases(redis.client, node, TestRedisNode.FAILURE_TIMEOUT);
    }

    @Test
    void anotherNodeSeesTheHolder() throws Exception {
        Leases n1 = leases("n1");
        Leases n2 = leases("n2");
        assertTrue(acquire(n1, "freeswitch:fs1").mine());
        Lease seen = acquire(n2, "freeswitch:fs1");
        assertFalse(seen.mine(), seen.toString());
        assertEquals("n1", seen.holder());
        assertTrue(seen.remainingMillis() > 0 && seen.remainingMillis() <= TestRedisNode.FAILURE_TIMEOUT.toMillis(),
                seen.toString());
        assertTrue(acquire(n1, "freeswitch:fs1").mine(), "the holder renews; the other's attempt took nothing");
    }

    @Test
    void anotherNodeCannotReleaseTheHoldersLease() throws Exception {
        Leases n1 = leases("n1");
        Leases n2 = leases("n2");
        acquire(n1, "freeswitch:fs1");
        n2.release("freeswitch:fs1").get(10, TimeUnit.SECONDS);
        assertEquals("n1", acquire(n2, "freeswitch:fs1").holder());
    }

    @Test
    void aSilentHoldersLeaseExpiresAndAnotherNodeTakesIt() throws Exception {
        Leases n1 = leases("n1");
        Leases n2 = leases("n2");
        acquire(n1, "freeswitch:fs1");
        Lease[] last = new Lease[1];
        Eventually.until("n2 takes the lease n1 stopped renewing", () -> {
            try {
                last[0] = acquire(n2, "freeswitch:fs1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return last[0].mine();
        }, () -> last[0]);
        assertEquals(-1, last[0].releasedMillisAgo(), "expired, not released");
        assertFalse(acquire(n1, "freeswitch:fs1").mine(), "n1 comes back: n2 holds it now");
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceAndSaysWhenItWasReleased() throws Exception {
        Leases n1 = leases("n1");
        Leases n2 = leases("n2");
        acquire(n1, "freeswitch:fs1");
        n1.release("freeswitch:fs1").get(10, TimeUnit.SECONDS);
        Lease taken = acquire(n2, "freeswitch:fs1");
        assertTrue(taken.mine(), taken.toString());
        assertTrue(taken.releasedMillisAgo() >= 0
                && taken.releasedMillisAgo() <= TestRedisNode.FAILURE_TIMEOUT.toMillis(), taken.toString());
        assertEquals(-1, acquire(n2, "freeswitch:fs1").releasedMillisAgo(), "a renewal reports no release");
    }
}
