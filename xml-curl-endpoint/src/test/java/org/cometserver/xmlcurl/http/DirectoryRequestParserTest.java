package org.cometserver.xmlcurl.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.cometserver.xmlcurl.FreeswitchRecordings;
import org.cometserver.xmlcurl.directory.DirectoryRequest;
import org.cometserver.xmlcurl.directory.DirectoryRequest.DialplanFields;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectoryRequestParserTest {

    @Test
    void getReadsTheQueryString() throws Exception {
        DirectoryRequest request = parse(HttpMethod.GET, "/directory?section=directory&action=sip_auth"
                + "&sip_user_agent=JsSIP%203.13.8;x=y&user=0000005&domain=fsdefaultdomain", null, "");
        assertEquals(new DirectoryRequest("directory", "sip_auth", "0000005", "fsdefaultdomain"), request);
    }

    @Test
    void postReadsTheFormBody() throws Exception {
        DirectoryRequest request = parse(HttpMethod.POST, "/directory", "application/x-www-form-urlencoded",
                "section=directory&action=user_call&user=0000005&domain=127.0.0.1");
        assertEquals(new DirectoryRequest("directory", "user_call", "0000005", "127.0.0.1"), request);
    }

    @Test
    void withoutDomainTheDomainLookupKeyIsUsed() throws Exception {
        DirectoryRequest request = parse(HttpMethod.GET,
                "/directory?section=directory&tag_name=domain&key_name=name&key_value=example.org&user=0000005", null, "");
        assertEquals("example.org", request.domain());
    }

    /** FreeSWITCH 1.10.12's dialplan lookups of the PIN dial-in: a wrong PIN (99), then the right one (1234). */
    @Test
    void dialplanLookupsOfTheDialInCarryContextDestinationChannelAndCaller() throws Exception {
        List<String> bodies = Files.readAllLines(FreeswitchRecordings.freeswitchDir()
                .resolve("xml-curl-requests/30-post-dialplan-comet_dialin-pin.form"));
        assertEquals(2, bodies.size());
        DirectoryRequest wrong = parse(HttpMethod.POST, "/directory", "application/x-www-form-urlencoded",
                bodies.get(0));
        DirectoryRequest right = parse(HttpMethod.POST, "/directory", "application/x-www-form-urlencoded",
                bodies.get(1));
        assertEquals("dialplan", wrong.section());
        assertEquals(new DialplanFields("comet_dialin", "pin-99", "369c2d91-9663-414b-8d1a-52ff6866be8c",
                "+4930555"), wrong.dialplan());
        assertEquals("pin-1234", right.dialplan().destination());
    }

    @Test
    void semicolonDoesNotSplitAndFirstValueCounts() throws Exception {
        DirectoryRequest request = parse(HttpMethod.POST, "/directory?user=0000005",
                "application/x-www-form-urlencoded; charset=UTF-8", "user=0000006&domain=a;b&section=directory");
        assertEquals(new DirectoryRequest("directory", "", "0000005", "a;b"), request);
    }

    private static DirectoryRequest parse(HttpMethod method, String uri, String contentType, String body)
            throws BadRequestException {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        try {
            if (contentType != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            return DirectoryRequestParser.parse(request);
        } finally {
            request.release();
        }
    }
}
