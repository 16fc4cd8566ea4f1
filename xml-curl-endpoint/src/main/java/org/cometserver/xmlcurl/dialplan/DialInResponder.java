package org.cometserver.xmlcurl.dialplan;

import org.cometserver.xmlcurl.directory.DirectoryDocument;
import org.cometserver.xmlcurl.directory.DirectoryRequest;
import org.cometserver.xmlcurl.directory.DirectoryRequest.DialplanFields;
import org.cometserver.xmlcurl.directory.XmlText;
import org.cometserver.xmlcurl.spi.DialInRooms;
import org.cometserver.xmlcurl.spi.DialInRooms.PinCall;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dialplan lookups of the PIN dial-in (freeswitch-conf/dialplan/comet_dialin.xml): FreeSWITCH asks for context
 * {@value #CONTEXT}, destination {@code pin-<digits>} once the caller entered a PIN. A PIN that opens a room is
 * answered with an extension that transfers the caller to the room's conference extension; every other lookup (other
 * contexts and destinations, wrong PINs) with {@link DirectoryDocument#NOT_FOUND}, so that FreeSWITCH runs its static
 * dialplan: for a wrong PIN the static {@code comet_dialin} context's retry.
 */
public final class DialInResponder {
    /** The dialplan context of the dial-in, as in freeswitch-conf. */
    public static final String CONTEXT = "comet_dialin";
    private static final Pattern PIN_DESTINATION = Pattern.compile("pin-(\\d{1,32})");

    private static final String ROOM_TEMPLATE = """
            <document type="freeswitch/xml">
              <section name="dialplan">
                <context name="comet_dialin">
                  <extension name="comet_pin_room">
                    <condition field="destination_number" expression="^pin-\\d+$">
                      <action application="set" data="comet_kind=phone"/>
                      <action application="transfer" data="%s XML default"/>
                    </condition>
                  </extension>
                </context>
              </section>
            </document>
            """;

    private final DialInRooms rooms;

    public DialInResponder(DialInRooms rooms) {
        this.rooms = rooms;
    }

    /** True for a lookup this responder answers (the dial-in context's PIN destinations). */
    public static boolean isPinLookup(DirectoryRequest request) {
        DialplanFields fields = request.dialplan();
        return request.section().equals("dialplan") && fields.context().equals(CONTEXT)
                && PIN_DESTINATION.matcher(fields.destination()).matches();
    }

    /** Completes with the document; fails only when the {@link DialInRooms} lookup fails. */
    public CompletableFuture<String> respond(DirectoryRequest request) {
        Matcher pin = PIN_DESTINATION.matcher(request.dialplan().destination());
        if (!isPinLookup(request) || !pin.matches() || request.dialplan().uuid().isEmpty()) {
            return CompletableFuture.completedFuture(DirectoryDocument.NOT_FOUND);
        }
        CompletableFuture<Optional<String>> lookup;
        try {
            lookup = rooms.roomExtension(new PinCall(pin.group(1), request.dialplan().uuid(),
                    request.dialplan().callerNumber()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lookup.thenApply(extension -> extension.map(DialInResponder::roomDocument)
                .orElse(DirectoryDocument.NOT_FOUND));
    }

    static String roomDocument(String extension) {
        return ROOM_TEMPLATE.formatted(XmlText.attribute(extension));
    }
}
