package org.cometserver.esl.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bodies copied from recordings 04 (BACKGROUND_JOB) and 05 (floor-change), shortened where noted. */
class EslEventParserTest {

    @Test
    void plainBackgroundJobHasUrlDecodedHeadersAndItsOwnBody() {
        String body = "Event-Name: BACKGROUND_JOB\n"
                + "Event-Date-GMT: Sat,%2021%20Nov%202026%2012%3A13%3A18%20GMT\n"
                + "Job-UUID: 0f563bb9-02ec-42dc-8491-f46bf5e4b099\n"
                + "Job-Command: originate\n"
                + "Job-Command-Arg: %7Borigination_caller_id_number%3D1003,origination_caller_id_name%3DCarol%7Dloopback/conf-3000/default%20%26park\n"
                + "Content-Length: 41\n\n"
                + "+OK dc622e17-c010-44bc-99ce-7af8497b83dc\n";
        EslEvent e = EslEventParser.parse(new EslMessage(EslHeaders.builder().add("Content-Type", "text/event-plain").build(),
                body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("BACKGROUND_JOB", e.name());
        assertEquals("Sat, 21 Nov 2026 12:13:18 GMT", e.get("Event-Date-GMT"));
        assertEquals("{origination_caller_id_number=1003,origination_caller_id_name=Carol}loopback/conf-3000/default &park",
                e.get("Job-Command-Arg"));
        assertEquals("+OK dc622e17-c010-44bc-99ce-7af8497b83dc\n", e.body());
    }

    @Test
    void plainEventWithoutBody() {
        EslEvent e = EslEventParser.parsePlain("Event-Subclass: conference%3A%3Amaintenance\nEvent-Name: CUSTOM\nAction: conference-create\n\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("conference::maintenance", e.subclass());
        assertEquals("conference-create", e.get("Action"));
        assertNull(e.body());
    }

    @Test
    void jsonKeepsRepeatedNamesInOrderAndTakesTheBodyFromUnderscoreBody() {
        String json = "{\"Event-Name\":\"CUSTOM\",\"Conference-Name\":\"3000\",\"Action\":\"floor-change\",\"Old-ID\":\"none\","
                + "\"Conference-Name\":\"3000\",\"Member-ID\":\"5\",\"New-ID\":\"5\",\"Content-Length\":\"3\",\"_body\":\"+OK\"}";
        EslEvent e = EslEventParser.parseJson(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(Map.entry("Event-Name", "CUSTOM"), Map.entry("Conference-Name", "3000"), Map.entry("Action", "floor-change"),
                Map.entry("Old-ID", "none"), Map.entry("Conference-Name", "3000"), Map.entry("Member-ID", "5"), Map.entry("New-ID", "5"),
                Map.entry("Content-Length", "3")), e.headers().entries());
        assertEquals("+OK", e.body());
    }

    @Test
    void urlCodingMatchesFreeSwitch() {
        assertEquals("Sat,%2021%20Nov%202026%2012%3A13%3A18%20GMT", EslUrlCoding.encode("Sat, 21 Nov 2026 12:13:18 GMT"));
        assertEquals("tone_stream%3A//%25(200,0,500,600,700)", EslUrlCoding.encode("tone_stream://%(200,0,500,600,700)"));
        assertEquals("fd00%3A%3A2", EslUrlCoding.encode("fd00::2"));
        assertEquals("a+b", EslUrlCoding.decode("a+b"), "a plus stays a plus");
        assertEquals("Jürgen", EslUrlCoding.decode(EslUrlCoding.encode("Jürgen")));
    }

    @Test
    void brokenBodiesAreCodecErrors() {
        assertThrows(EslCodecException.class, () -> EslEventParser.parseJson("[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(EslCodecException.class, () -> EslEventParser.parsePlain("Content-Length: 99\n\nshort".getBytes(StandardCharsets.UTF_8)));
    }
}
