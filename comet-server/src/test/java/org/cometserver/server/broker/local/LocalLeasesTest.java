package org.cometserver.server.broker.local;

import org.cometserver.server.broker.Leases;
import org.cometserver.server.broker.LeasesContract;

/** A single node holds every lease. */
class LocalLeasesTest extends LeasesContract {
    @Override
    protected Leases newLeases(String node) {
        return new LocalLeases(node);
    }
}
