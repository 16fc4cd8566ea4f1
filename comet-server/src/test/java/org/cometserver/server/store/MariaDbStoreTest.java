package org.cometserver.server.store;

import org.cometserver.server.config.DbSection;
import org.cometserver.server.testing.MariaDbServer;

import java.util.concurrent.atomic.AtomicInteger;

/** The store contract on a real MariaDB started by the test ({@link MariaDbServer}). */
class MariaDbStoreTest extends StoreContractTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected DbSection newDatabase() {
        MariaDbServer server = MariaDbServer.shared();
        String name = server.createDatabase("store_test_" + DATABASES.incrementAndGet());
        return new DbSection(server.host(), server.port(), server.user(), server.password(), name, 3, "", 4, 0);
    }
}
