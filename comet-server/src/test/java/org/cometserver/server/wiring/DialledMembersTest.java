package org.cometserver.server.wiring;

import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.Control;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link DialledMembers} across nodes: what this node dials or lets in is told to the others, nothing more. */
class DialledMembersTest {
    private final List<Control> told = new ArrayList<>();
    private final Broker broker = (Broker) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{Broker.class}, (proxy, method, args) -> {
                if (!method.getName().equals("publishControl") || args.length != 1) {
                    throw new UnsupportedOperationException(method.getName());
                }
                told.add((Control) args[0]);
                return CompletableFuture.completedFuture(null);
            });

    @Test
    void aSingleNodeTellsNobody() {
        DialledMembers phones = new DialledMembers(Clock.systemUTC());
        phones.dialled("uuid-1", 0, "+4930555");
        assertEquals(Optional.of(new DialledMembers.Phone(0, "+4930555")), phones.phone("uuid-1"));
        assertEquals(List.of(), told);
    }

    @Test
    void aPhoneThisNodeDialledIsToldToTheOthersAndOneTheyDialledIsNotToldAgain() {
        DialledMembers phones = new DialledMembers(Clock.systemUTC());
        phones.shareThrough(broker);
        phones.dialled("uuid-1", 62, "sofia/gateway/gw/+4930888");
        phones.learned(new Control.PhoneInRoom(0, "uuid-2", 0, "+4930555"));

        assertEquals(List.of(new Control.PhoneInRoom(0, "uuid-1", 62, "sofia/gateway/gw/+4930888")), told);
        assertEquals(Optional.of(new DialledMembers.Phone(0, "+4930555")), phones.phone("uuid-2"));
    }
}
