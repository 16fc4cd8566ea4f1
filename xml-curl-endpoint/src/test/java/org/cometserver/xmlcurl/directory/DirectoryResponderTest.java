package org.cometserver.xmlcurl.directory;

import org.cometserver.xmlcurl.spi.DirectoryUsers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryResponderTest {
    private final List<String> asked = new ArrayList<>();
    private final DirectoryUsers users = (devId, userId) -> {
        asked.add(devId + "/" + userId);
        return CompletableFuture.completedFuture(devId == 42 && userId == 7 ? Optional.of("pw") : Optional.empty());
    };
    private final DirectoryResponder responder = new DirectoryResponder(users);

    @Test
    void asksForDevIdAndUserIdAndAnswersTheRequestedDomain() {
        String xml = responder.respond(new DirectoryRequest("directory", "sip_auth", "0000427", "example.org")).join();
        assertEquals(List.of("42/7"), asked);
        assertTrue(xml.contains("<domain name=\"example.org\">"), xml);
        assertTrue(xml.contains("<user id=\"0000427\">"), xml);
    }

    @Test
    void unknownUserIsNotFound() {
        assertEquals(DirectoryDocument.NOT_FOUND,
                responder.respond(new DirectoryRequest("directory", "user_call", "0000428", "d")).join());
    }

    @Test
    void requestsThatNameNoUserAreNotFoundWithoutLookup() {
        for (DirectoryRequest request : List.of(
                new DirectoryRequest("dialplan", "", "0000427", "d"),
                new DirectoryRequest("directory", "", "", "d"),
                new DirectoryRequest("directory", "sip_auth", "0000427", ""),
                new DirectoryRequest("directory", "sip_auth", "1000", "d"))) {
            assertEquals(DirectoryDocument.NOT_FOUND, responder.respond(request).join(), request.toString());
        }
        assertEquals(List.of(), asked);
    }

    @Test
    void passwordXmlCannotCarryIsNotFound() {
        DirectoryResponder withControlCharacter = new DirectoryResponder(
                (devId, userId) -> CompletableFuture.completedFuture(Optional.of("bad\u0001")));
        assertEquals(DirectoryDocument.NOT_FOUND, withControlCharacter.respond(
                new DirectoryRequest("directory", "sip_auth", "0000427", "d")).join());
    }
}
