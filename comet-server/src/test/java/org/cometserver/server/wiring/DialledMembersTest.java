package org.cometserver.server.wiring;

import org.cometserver.server.broker.Broker;
import org.cometserver.esl.conference.Conference;
import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.standin.SteppingClock;
import org.cometserver.server.broker.Control;
import org.cometserver.server.store.PhoneStore;
import org.cometserver.server.store.StoredPhone;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link DialledMembers} across nodes (what this node dials or lets in is told to the others, nothing more) and
 * across restarts (kept in the store, forgotten there once gone).
 */
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

    @Test
    void phonesAreKeptInTheStoreLoadedAtStartAndForgottenThereOnceGone() {
        Map<String, StoredPhone> rows = new LinkedHashMap<>();
        PhoneStore store = new PhoneStore() {
            @Override
            public void put(StoredPhone phone) {
                rows.put(phone.uuid(), phone);
            }

            @Override
            public List<StoredPhone> newest(int limit) {
                return List.copyOf(rows.values());
            }

            @Override
            public int delete(Collection<String> uuids) {
                int before = rows.size();
                rows.keySet().removeAll(uuids);
                return before - rows.size();
            }

            @Override
            public int purgeOlderThan(long created) {
                throw new UnsupportedOperationException();
            }
        };
        rows.put("uuid-1", new StoredPhone("uuid-1", 62, "sofia/gateway/gw/+4930888", 100));
        SteppingClock clock = new SteppingClock(Instant.ofEpochSecond(1_000));
        DialledMembers phones = new DialledMembers(clock);
        phones.keepIn(store, Runnable::run);
        assertEquals(Optional.of(new DialledMembers.Phone(62, "sofia/gateway/gw/+4930888")), phones.phone("uuid-1"),
                "a phone dialled before the restart");

        phones.dialled("uuid-2", 0, "+4930555");
        assertEquals(new StoredPhone("uuid-2", 0, "+4930555", 1_000), rows.get("uuid-2"));

        clock.advance(Duration.ofHours(1));
        phones.forgetGone(new ConferenceSnapshot(List.of(), clock.instant()));
        assertEquals(Set.of("uuid-1", "uuid-2"), rows.keySet(), "no conference listed: maybe not synced yet");
        phones.forgetGone(new ConferenceSnapshot(List.of(new Conference("fs1", "0*101-FSdefaultDomain", "c1",
                "default", List.of(new Member("fs1", "0*101-FSdefaultDomain", 7, "uuid-2", "+4930555", "+4930555",
                        Instant.EPOCH, null, false, false, false, false, false, false)))), clock.instant()));
        assertEquals(Set.of("uuid-2"), rows.keySet(), "uuid-1 left");
        assertEquals(Optional.empty(), phones.phone("uuid-1"));
        assertEquals(Optional.of(new DialledMembers.Phone(0, "+4930555")), phones.phone("uuid-2"));
    }
}
