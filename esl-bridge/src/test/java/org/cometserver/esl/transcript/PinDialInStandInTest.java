package org.cometserver.esl.transcript;

import com.sun.net.httpserver.HttpServer;
import org.cometserver.esl.codec.EslMessage;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stand-in's PIN dial-in (FreeSwitchStandIn.dialIn) as recording 15-pin-dial-in shows FreeSWITCH 1.10.12 running
 * freeswitch-conf's comet_dialin context: the caller's leg {@code loopback/7000-b} sends one {@code DTMF} event per key
 * ({@code DTMF-Source: UNKNOWN}), each PIN is one dialplan lookup, and the right one joins the room's conference with
 * the leg's uuid.
 */
class PinDialInStandInTest {
    private static final Pattern DIGIT = Pattern.compile("\"DTMF-Digit\":\"([^\"]+)\".*\"DTMF-Source\":\"([^\"]+)\"");
    private static final Pattern CHANNEL = Pattern.compile("\"Channel-Name\":\"([^\"]+)\"");

    @Test
    void aWrongThenTheRightPinKeysDtmfAsRecordedAndJoins() throws Exception {
        List<String> lookedUp = new ArrayList<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/directory", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher destination = Pattern.compile("Hunt-Destination-Number=([^&]*)").matcher(body);
            String pin = destination.find() ? destination.group(1) : "";
            lookedUp.add(pin);
            String answer = pin.equals("pin-1234")
                    ? "<document type=\"freeswitch/xml\"><section name=\"dialplan\"><context name=\"comet_dialin\">"
                    + "<extension name=\"comet_pin_room\"><condition field=\"destination_number\" expression=\"^pin-\\d+$\">"
                    + "<action application=\"transfer\" data=\"0*101*default XML default\"/></condition></extension>"
                    + "</context></section></document>"
                    : "<document type=\"freeswitch/xml\"><section name=\"result\"><result status=\"not found\"/></section></document>";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        endpoint.start();
        try (FreeSwitchStandIn fs = FreeSwitchStandIn.start();
             RawEslClient listener = new RawEslClient(fs.host(), fs.port())) {
            fs.setDomain("127.0.0.1");
            listener.nextReply(10_000);
            listener.send("auth ClueCon\n\n");
            listener.nextReply(10_000);
            listener.send("event json DTMF\n\n");
            listener.nextReply(10_000);

            int member = fs.dialIn(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/directory"),
                    "fs", "pw", "7000", "+4930555", "99", "1234");

            assertEquals(List.of("pin-99", "pin-1234"), lookedUp);
            assertEquals(List.of(member), fs.memberIds("0*101-127.0.0.1"));
            assertTrue(fs.api("conference 0*101-127.0.0.1 list").contains(";loopback/7000-b;"),
                    fs.api("conference 0*101-127.0.0.1 list"));
            List<String> digits = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (digits.size() < 8 && System.nanoTime() < deadline) {
                digits.clear();
                for (EslMessage event : listener.events()) {
                    String json = event.bodyText();
                    Matcher digit = DIGIT.matcher(json);
                    Matcher channel = CHANNEL.matcher(json);
                    if (digit.find() && channel.find()) {
                        digits.add(channel.group(1) + " " + digit.group(1) + " " + digit.group(2));
                    }
                }
                Thread.sleep(10);
            }
            List<String> expected = new ArrayList<>();
            for (String key : "99#1234#".split("")) {
                expected.add("loopback/7000-b " + key + " UNKNOWN");
            }
            assertEquals(expected, digits);
        } finally {
            endpoint.stop(0);
        }
    }
}
