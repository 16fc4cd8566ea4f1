package org.cometserver.xmlcurl.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Which room a dial-in PIN opens (freeswitch-conf's {@code comet_dialin} context asks through mod_xml_curl's
 * {@code dialplan} binding). {@code comet-server} implements it over {@code conference_settings}.
 */
public interface DialInRooms {
    /** No dial-in: every PIN is wrong. */
    DialInRooms NONE = call -> CompletableFuture.completedFuture(Optional.empty());

    /**
     * Called on a Netty event loop: return at once and complete from the host's executor if the store is needed.
     *
     * @return the room's conference extension ({@code <dev_id>*<room>*<profile>}, which freeswitch-conf's
     *         {@code comet_conferences} extension joins), or empty for a wrong PIN
     */
    CompletableFuture<Optional<String>> roomExtension(PinCall call);

    /**
     * A caller that entered a PIN.
     *
     * @param pin          the digits entered (without {@code #})
     * @param channelUuid  FreeSWITCH's {@code Unique-ID} of the caller's channel (it becomes the conference member)
     * @param callerNumber the caller's number ({@code Caller-Caller-ID-Number})
     */
    record PinCall(String pin, String channelUuid, String callerNumber) {
    }
}
