package org.cometserver.server.transport.ws;

import org.cometserver.cometql.spi.LoginThrottle;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.transport.http.HttpRouteHandler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #9: the start-up warm-up is greeted, without the store executor and unseen by the server's hub. */
class WsWarmUpTest {

    @Test
    void warmUpConnectionIsGreetedWithoutStoreOrVisibleConnection() {
        CometConfig config = CometConfig.parse("");
        LocalHub hub = new LocalHub();
        Executor noStore = task -> {
            throw new AssertionError("an anonymous connection must not need the store executor");
        };
        // no store either: an anonymous login touches none
        WsServices services = new WsServices(hub, null, null, null, null, LoginThrottle.NONE, Clock.systemUTC(),
                noStore, config.main(), config.ws());

        assertTrue(WsWarmUp.run(services, new HttpRouteHandler(config, noStore)));

        assertEquals(0, hub.connectsTotal());
        assertEquals(0, hub.subscriberCount(0, "warm_up"));
    }
}
