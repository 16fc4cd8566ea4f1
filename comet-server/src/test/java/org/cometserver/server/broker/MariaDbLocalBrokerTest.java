package org.cometserver.server.broker;

import org.cometserver.server.config.DbSection;
import org.cometserver.server.testing.MariaDbServer;

import java.util.concurrent.atomic.AtomicInteger;

/** The local broker's contract over a real MariaDB ({@link MariaDbServer}), as {@code MariaDbStoreTest}. */
class MariaDbLocalBrokerTest extends LocalBrokerTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private DbSection db;

    @Override
    protected DbSection database() {
        if (db == null) {
            MariaDbServer server = MariaDbServer.shared();
            String name = server.createDatabase("broker_test_" + DATABASES.incrementAndGet());
            db = new DbSection(server.host(), server.port(), server.user(), server.password(), name, 3, "", 4, 0);
        }
        return db;
    }
}
