package org.cometserver.xmlcurl.dialplan;

import org.cometserver.xmlcurl.directory.DirectoryDocument;
import org.cometserver.xmlcurl.directory.DirectoryRequest;
import org.cometserver.xmlcurl.directory.DirectoryRequest.DialplanFields;
import org.cometserver.xmlcurl.directory.DirectoryResponder;
import org.cometserver.xmlcurl.spi.DialInRooms;
import org.cometserver.xmlcurl.spi.DialInRooms.PinCall;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialInResponderTest {
    private final List<PinCall> asked = new ArrayList<>();
    private final DialInRooms rooms = call -> {
        asked.add(call);
        return CompletableFuture.completedFuture(call.pin().equals("1234") ? Optional.of("0*101*video")
                : Optional.empty());
    };
    private final DirectoryResponder responder = new DirectoryResponder((dev, user) -> {
        throw new AssertionError("a dialplan lookup must not read the directory");
    }, rooms);

    private static DirectoryRequest dialplan(String context, String destination) {
        return new DirectoryRequest("dialplan", "", "", "", new DialplanFields(context, destination, "uuid-1",
                "+4930123"));
    }

    @Test
    void aRightPinTransfersToTheRoomsConferenceExtension() {
        String xml = responder.respond(dialplan("comet_dialin", "pin-1234")).join();
        assertEquals(List.of(new PinCall("1234", "uuid-1", "+4930123")), asked);
        assertTrue(xml.contains("<context name=\"comet_dialin\">"), xml);
        assertTrue(xml.contains("<action application=\"transfer\" data=\"0*101*video XML default\"/>"), xml);
    }

    @Test
    void aWrongPinIsNotFoundSoThatTheStaticRetryRuns() {
        assertSame(DirectoryDocument.NOT_FOUND, responder.respond(dialplan("comet_dialin", "pin-9999")).join());
        assertEquals(1, asked.size());
    }

    /** Every call's dialplan lookup reaches the endpoint: all but the PIN lookups are answered without asking. */
    @Test
    void otherDialplanLookupsAreNotFoundWithoutALookup() {
        for (DirectoryRequest request : List.of(dialplan("default", "pin-1234"), dialplan("public", "7000"),
                dialplan("comet_dialin", "prompt"), dialplan("comet_dialin", "pin-"),
                dialplan("comet_dialin", "pin-12ab"))) {
            assertSame(DirectoryDocument.NOT_FOUND, responder.respond(request).join(), request.toString());
        }
        assertEquals(List.of(), asked);
    }
}
