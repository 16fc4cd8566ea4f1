package org.cometserver.xmlcurl;

import org.cometserver.xmlcurl.FreeswitchRecordings.Exchange;
import org.cometserver.xmlcurl.directory.DirectoryDocument;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every request mod_xml_curl really sent (GET and POST, sip_auth, user_exists, start-up domain lookups,
 * browsers over WebSocket SIP) over a socket and compares the answer with the one FreeSWITCH 1.10 accepted in the
 * recording. Where the recording server played CppComet (an empty {@code 404} for unknown users) we answer
 * FreeSWITCH's not-found document instead.
 */
class RecordedRequestsTest {

    @TestFactory
    Stream<DynamicContainer> everyRecordedRequestGetsTheRecordedAnswer() {
        List<Path> files = FreeswitchRecordings.rawFiles();
        return files.stream().map(raw -> DynamicContainer.dynamicContainer(raw.getFileName().toString(),
                replay(raw, FreeswitchRecordings.exchanges(raw))));
    }

    @Test
    void theEslTranscriptLookupsAreNotFound() throws Exception {
        List<byte[]> requests = FreeswitchRecordings.eslTranscriptRequests();
        assertEquals(2, requests.size());
        try (FakeDirectoryUsers users = new FakeDirectoryUsers(FakeDirectoryUsers.RECORDED_USERS);
             TestServer server = new TestServer(XmlCurlConfig.defaults(), users)) {
            for (byte[] request : requests) {
                RawHttpClient.Response response = RawHttpClient.exchange(server.address(), request);
                assertEquals(200, response.status());
                assertEquals(DirectoryDocument.NOT_FOUND, response.body());
            }
        }
    }

    private static Stream<DynamicTest> replay(Path raw, List<Exchange> exchanges) {
        XmlCurlConfig config = credentialsOf(exchanges)
                .map(c -> XmlCurlConfig.defaults().withCredentials(c.substring(0, c.indexOf(':')),
                        c.substring(c.indexOf(':') + 1)))
                .orElse(XmlCurlConfig.defaults());
        return exchanges.stream().map(exchange -> DynamicTest.dynamicTest(exchange.annotation(), () -> {
            try (FakeDirectoryUsers users = new FakeDirectoryUsers(FakeDirectoryUsers.RECORDED_USERS);
                 TestServer server = new TestServer(config, users)) {
                RawHttpClient.Response response = RawHttpClient.exchange(server.address(), exchange.request());
                assertAnswer(exchange, response);
            }
        }));
    }

    /** The server demands what the recording server demanded, else the credentials FreeSWITCH sent, else none. */
    private static Optional<String> credentialsOf(List<Exchange> exchanges) {
        return exchanges.stream().map(Exchange::demandedCredentials).flatMap(Optional::stream).findFirst()
                .or(() -> exchanges.stream().map(Exchange::basicCredentials).flatMap(Optional::stream).findFirst());
    }

    private static void assertAnswer(Exchange recorded, RawHttpClient.Response response) {
        switch (recorded.status()) {
            case 200 -> {
                assertEquals(200, response.status());
                assertEquals("text/xml", response.header("Content-Type"));
                assertEquals(recorded.body(), response.body());
            }
            case 404 -> {
                assertTrue(recorded.annotation().contains("CppComet-style"), recorded.annotation());
                assertEquals(200, response.status());
                assertEquals(DirectoryDocument.NOT_FOUND, response.body());
            }
            case 401 -> {
                assertEquals(401, response.status());
                assertTrue(response.header("WWW-Authenticate").startsWith("Basic realm="),
                        response.header("WWW-Authenticate"));
            }
            default -> throw new AssertionError("unexpected recorded status " + recorded.status());
        }
        assertEquals("close", response.header("Connection"));
    }
}
