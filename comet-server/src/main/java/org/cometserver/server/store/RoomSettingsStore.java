package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@code conference_settings}: one row per room of a dev_id. */
public interface RoomSettingsStore {

    /**
     * Stores (replaces) the settings of {@code settings.name()}.
     *
     * @throws PinTakenException when another room of the dev_id has the same non-empty PIN (nothing is changed)
     */
    void put(RoomSettings settings);

    List<RoomSettings> get(int devId, Collection<String> names);

    List<RoomSettings> all(int devId, int limit);

    /** The room a dial-in PIN opens; empty for an empty or unknown PIN. */
    Optional<RoomSettings> byPin(int devId, String pin);

    /** Rooms of every dev_id with a PIN, for a dial-in that does not know the dev_id yet (at most {@code limit}). */
    List<RoomSettings> byPinAnyDev(String pin, int limit);

    int delete(int devId, Collection<String> names);

    /** Another room already has this PIN. */
    final class PinTakenException extends RuntimeException {
        public PinTakenException(String room) {
            super("The pin is already used by room " + room);
        }
    }
}
