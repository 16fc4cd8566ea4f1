package org.cometserver.server.wiring;

import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;
import org.cometserver.server.wiring.FreeswitchRooms.Room;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #9: conference names of any domain for nodes without {@code Domain=}, only theirs for nodes with one. */
class FreeswitchRoomsTest {
    /** A CppComet 4.09 line (no Domain=) and one of ours with Domain=. */
    private static final SipSection SIP = CometConfig.parse("""
            [sip]
            freeswitch = []Server=10.0.0.5,Pwd=ClueCon,Port=8021,WSport=7443,WShost=fs-1.example.com
            freeswitch = []Server=10.0.0.6,WSport=7443,Domain=FSdefaultDomain
            """).sip();
    private static final String ANY = "fs-1.example.com:7443";
    private static final String STRICT = "10.0.0.6:7443";

    private final Map<String, String> reported = new HashMap<>();
    private final FreeswitchRooms rooms = new FreeswitchRooms(SIP, node -> Optional.ofNullable(reported.get(node)));

    @Test
    void withoutDomainTheReportedDomainIsCutOffWhole() {
        reported.put(ANY, "10.0.0.5");
        assertEquals(new Room(0, "101"), rooms.room(ANY, "0*101-10.0.0.5"));
        assertEquals(new Room(42, "my-room"), rooms.room(ANY, "42*my-room-10.0.0.5"), "a room may contain '-'");
        assertEquals(new Room(7, "a-b-c"), rooms.room(ANY, "7*a-b-c-10.0.0.5"));
    }

    @Test
    void withoutDomainTheHostBrowsersDialIsAlsoKnownInAnyLetterCase() {
        // CppComet's dialplan appends ${domain_name}: the host the browser dialled, lower-cased by JsSIP (recording 07d).
        assertEquals(new Room(0, "my-room"), rooms.room(ANY, "0*my-room-fs-1.example.com"));
        assertEquals(new Room(0, "my-room"), rooms.room(ANY, "0*my-room-FS-1.Example.COM"));
        assertEquals(new Room(0, "3000"), rooms.room(ANY, "0*3000-fsdefaultdomain"));
        assertEquals(new Room(0, "3000"), rooms.room(ANY, "0*3000-10.0.0.5"), "Server= too");
    }

    @Test
    void withoutDomainAnyOtherDomainIsSplitAtTheLastDash() {
        // CppComet: any domain. An unknown domain containing '-' cannot be told from the room; known ones are tried first.
        assertEquals(new Room(0, "101"), rooms.room(ANY, "0*101-FSdefaultDomain"));
        assertEquals(new Room(3, "my-room"), rooms.room(ANY, "3*my-room-192.168.1.20"));
        assertEquals(new Room(3, "my-room-other"), rooms.room(ANY, "3*my-room-other-host.lan"), "documented limit");
    }

    @Test
    void withDomainOnlyThatDomainIsOurs() {
        assertEquals(new Room(0, "my-room"), rooms.room(STRICT, "0*my-room-FSdefaultDomain"));
        assertEquals(new Room(0, "101"), rooms.room(STRICT, "0*101-fsdefaultdomain"), "JsSIP lower-cases domains");
        reported.put(STRICT, "10.0.0.6");
        assertNull(rooms.room(STRICT, "0*101-10.0.0.6"), "Domain= wins over what FreeSWITCH reports");
        assertTrue(rooms.parse(STRICT, "0*101-10.0.0.6").reason().contains("[FSdefaultDomain]"),
                rooms.parse(STRICT, "0*101-10.0.0.6").reason());
    }

    @Test
    void namesThatAreNotRoomsSayWhy() {
        assertTrue(rooms.parse(ANY, "3000").reason().contains("no dev_id"));
        assertTrue(rooms.parse(ANY, "x*101-host").reason().contains("no dev_id"));
        assertTrue(rooms.parse(ANY, "1234567890*101-host").reason().contains("no dev_id"), "dev_id has at most 9 digits");
        assertTrue(rooms.parse(ANY, "0*101").reason().contains("no -<domain>"));
        assertTrue(rooms.parse(ANY, "0*101-").reason().contains("no -<domain>"));
        assertTrue(rooms.parse(ANY, "0*-host").reason().contains("no -<domain>"), "empty room");
        assertEquals("unknown node", rooms.parse("other:1", "0*101-host").reason());
        assertNull(rooms.parse(ANY, "0*101-host").reason());
    }

    @Test
    void conferenceNamesUseTheDomainFreeSwitchExpects() {
        FreeswitchNode any = SIP.freeswitch().get(0);
        FreeswitchNode strict = SIP.freeswitch().get(1);
        assertEquals(Optional.empty(), rooms.conferenceName(any, 0, "101"), "not reported yet");
        reported.put(ANY, "10.0.0.5");
        assertEquals(Optional.of("0*101-10.0.0.5"), rooms.conferenceName(any, 0, "101"));
        reported.put(STRICT, "10.0.0.6");
        assertEquals(Optional.of("0*101-FSdefaultDomain"), rooms.conferenceName(strict, 0, "101"));
        assertEquals(Optional.of("10.0.0.6"), rooms.conflictingDomain(STRICT));
        assertEquals(Optional.empty(), rooms.conflictingDomain(ANY), "no Domain=: nothing to contradict");
        reported.put(STRICT, "fsdefaultdomain");
        assertEquals(Optional.empty(), rooms.conflictingDomain(STRICT));
    }
}
