package org.cometserver.esl.conference;

import org.cometserver.esl.codec.EslContentType;
import org.cometserver.esl.codec.EslMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConferenceListParserTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:13:20Z");

    /** The api/response bodies of recording 03 that are json_list replies, formatted and compact. */
    private static List<String> recordedJsonLists() {
        return RecordedEvents.frames("03-api-conference-list.server.raw").stream()
                .filter(f -> EslContentType.API_RESPONSE.equals(f.contentType()))
                .map(EslMessage::bodyText)
                .filter(b -> b.startsWith("[{"))
                .toList();
    }

    @Test
    void parsesTheRecordedJsonListInBothLayouts() {
        List<String> bodies = recordedJsonLists();
        assertEquals(2, bodies.size());
        for (String body : bodies) {
            List<Conference> conferences = ConferenceListParser.parse("fs1", body, NOW);
            assertEquals(1, conferences.size());
            Conference c = conferences.get(0);
            assertEquals("3000", c.name());
            assertEquals("ec175062-de16-4b1e-9b68-f99c5ab94282", c.uuid());
            assertNull(c.profile());
            Member alice = c.members().get(0);
            Member bob = c.members().get(1);
            assertEquals(1, alice.memberId());
            assertEquals("Alice", alice.callerIdName());
            assertEquals("1001", alice.callerIdNumber());
            assertEquals("80ae789a-baad-45f3-ba7e-58c6467db008", alice.uuid());
            assertEquals(NOW.minusSeconds(2), alice.joinedAt());
            assertNull(alice.lastTalkingAt(), "last_talking 0 while not talking: never");
            assertFalse(alice.talking() || alice.muted() || alice.deaf() || alice.hasFloor() || alice.hasVideo() || alice.videoMuted());
            assertEquals(2, bob.memberId());
            assertTrue(bob.talking());
            assertTrue(bob.hasFloor());
            assertEquals(NOW, bob.lastTalkingAt());
            assertEquals("fs1", bob.node());
        }
    }

    @Test
    void noConferences() {
        assertTrue(ConferenceListParser.parse("fs1", "+OK No active conferences.\n", NOW).isEmpty());
        assertTrue(ConferenceListParser.parse("fs1", "[]", NOW).isEmpty());
    }

    @Test
    void somethingElseIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ConferenceListParser.parse("fs1", "-ERR no_such_command Command not found!\n", NOW));
        assertThrows(IllegalArgumentException.class, () -> ConferenceListParser.parse("fs1", "{\"a\":1}", NOW));
    }
}
