package org.cometserver.esl.standin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A phone calling freeswitch-conf's PIN dial-in ({@code dialplan/comet_dialin.xml}) as FreeSWITCH 1.10.12 runs it
 * (checked by hand, lookups recorded in {@code testdata/freeswitch/xml-curl-requests/30-post-dialplan-comet_dialin-pin.form}):
 * for each PIN, at most 3, the dialplan lookup of context {@code comet_dialin}, destination {@code pin-<digits>} is
 * POSTed to the comet server's mod_xml_curl endpoint with the channel's {@code Unique-ID} and caller number; an answer
 * that transfers to {@code <dev>*<room>*<profile> XML default} joins that room's conference with the channel's uuid;
 * "not found" is a wrong PIN. The caller's leg ({@code loopback/<dialled>-b}) is a channel of the
 * {@link ChannelEmulator}: created, answered, a {@code DTMF} event per key (the PIN and {@code #}), and after the third
 * wrong PIN hung up {@code NORMAL_CLEARING}. Prompts, tones and DTMF timing are not emulated (no media).
 */
final class PinCaller {
    private static final int TRIES = 3;
    private static final Pattern TRANSFER = Pattern.compile(
            "<action application=\"transfer\" data=\"([^\" ]+) XML default\"/>");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param uuid     the caller's channel (the conference member when it joined)
     * @param lookups  the PINs looked up, in order
     * @param memberId the member id in the room's conference, or -1 when the caller was hung up
     */
    record Outcome(String uuid, List<String> lookups, int memberId, String hangupCause) {
    }

    private PinCaller() {
    }

    static Outcome call(ModConferenceEmulator conferences, URI endpoint, String user, String password, String dialled,
                        String callerNumber, List<String> pins) {
        String uuid = UUID.randomUUID().toString();
        conferences.channels().dialInLeg(uuid, dialled, callerNumber);
        List<String> lookups = new ArrayList<>();
        for (String pin : pins.subList(0, Math.min(TRIES, pins.size()))) {
            lookups.add(pin);
            conferences.channels().dialInDigits(uuid, pin + "#");
            Matcher transfer = TRANSFER.matcher(lookUp(endpoint, user, password, uuid, callerNumber, pin));
            if (transfer.find()) {
                int id = conferences.joinByExtension(uuid, transfer.group(1), dialled, callerNumber, callerNumber);
                return new Outcome(uuid, lookups, id, "");
            }
        }
        String cause = lookups.size() >= TRIES ? "NORMAL_CLEARING" : "ORIGINATOR_CANCEL";
        conferences.channels().dialInHangup(uuid, cause);
        return new Outcome(uuid, lookups, -1, cause);
    }

    private static String lookUp(URI endpoint, String user, String password, String uuid, String callerNumber,
                                 String pin) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hostname", "standin");
        form.put("section", "dialplan");
        form.put("tag_name", "");
        form.put("key_name", "");
        form.put("key_value", "");
        form.put("Event-Name", "REQUEST_PARAMS");
        form.put("Channel-Name", "loopback/7000-b");
        form.put("Unique-ID", uuid);
        form.put("Caller-Caller-ID-Number", callerNumber);
        form.put("Caller-Destination-Number", "pin-" + pin);
        form.put("Caller-Context", "comet_dialin");
        form.put("Hunt-Context", "comet_dialin");
        form.put("Hunt-Destination-Number", "pin-" + pin);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("dialplan lookup answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("dialplan lookup failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
