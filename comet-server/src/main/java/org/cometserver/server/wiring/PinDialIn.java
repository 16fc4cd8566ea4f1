package org.cometserver.server.wiring;

import org.cometserver.server.store.ConferenceStore;
import org.cometserver.server.store.StoredInvitation;
import org.cometserver.server.wiring.FreeswitchRooms.Room;
import org.cometserver.xmlcurl.spi.DialInRooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The PIN dial-in (docs/CONFERENCES.md "Phones"): the room a PIN opens is the one room of any dev_id whose
 * {@code conference_settings.pin} it is (a PIN two dev_ids share opens neither: the caller hears "wrong PIN"); the
 * caller is then listed in {@code conference_members} as {@code kind = phone}, user 0, with its number
 * ({@link DialledMembers}), and sent to the room's conference extension {@code <dev_id>*<room>*<profile>} with the
 * profile of the room's invitations ({@code default} without one). The store is read on {@code executor}.
 */
final class PinDialIn implements DialInRooms {
    private static final Logger log = LoggerFactory.getLogger(PinDialIn.class);

    /** The rooms whose PIN this is, of every dev_id (at most {@code limit}). */
    @FunctionalInterface
    interface PinRooms {
        List<Room> withPin(String pin, int limit);
    }

    private final PinRooms pins;
    private final ConferenceStore invitations;
    private final DialledMembers phones;
    private final Executor executor;

    PinDialIn(PinRooms pins, ConferenceStore invitations, DialledMembers phones, Executor executor) {
        this.pins = pins;
        this.invitations = invitations;
        this.phones = phones;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Optional<String>> roomExtension(PinCall call) {
        return CompletableFuture.supplyAsync(() -> lookUp(call), executor);
    }

    private Optional<String> lookUp(PinCall call) {
        List<Room> rooms = pins.withPin(call.pin(), 2);
        if (rooms.size() != 1) {
            // the PIN itself is not logged: it is the room's password
            log.info("dial-in {} from '{}': {}", call.channelUuid(), call.callerNumber(),
                    rooms.isEmpty() ? "wrong PIN" : "PIN of several dev_ids' rooms, refused");
            return Optional.empty();
        }
        Room room = rooms.get(0);
        if (!phones.dialled(call.channelUuid(), 0, call.callerNumber())) {
            log.warn("dial-in {}: too many phones waiting to join, refused", call.channelUuid());
            return Optional.empty();
        }
        List<StoredInvitation> stored = invitations.get(room.devId(), List.of(room.name()));
        String profile = stored.isEmpty() ? "default" : stored.get(0).profile();
        log.info("dial-in {} from '{}' joins room {} of dev {}", call.channelUuid(), call.callerNumber(), room.name(),
                room.devId());
        return Optional.of(CallPipe.sipNumber(room.devId(), room.name(), profile));
    }
}
