package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.server.calls.ParticipantCalls;
import org.cometserver.server.store.RoomSettings;
import org.cometserver.server.store.RoomSettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code cometVideoApi.callParticipant(number)} (docs/CONFERENCES.md "Phones"): a user that is invited to the room
 * ({@code conference} row) or in it (a web member) may call a phone into it when the room's
 * {@code conference_settings.allow_dial} is 1. The number ({@code +} and 3 to 15 digits, or 3 to 15 digits) is dialled
 * through FreeSWITCH's own dialplan, {@code loopback/<number>/default}, so that it takes the route a browser's call to
 * that number takes (freeswitch-conf's gateway for {@code +<digits>}, SIP users for 3–6 digits); the answered call joins
 * the room under the user's id ({@link FreeswitchConferenceBackend#dialIntoRoom}).
 */
final class ParticipantDialer implements ParticipantCalls {
    private static final Logger log = LoggerFactory.getLogger(ParticipantDialer.class);
    private static final Pattern NUMBER = Pattern.compile("\\+?\\d{3,15}");
    private static final Pattern ROOM = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final FreeswitchConferenceBackend conferences;
    private final RoomAccess access;
    private final RoomSettingsStore settings;

    ParticipantDialer(FreeswitchConferenceBackend conferences, RoomAccess access, RoomSettingsStore settings) {
        this.conferences = conferences;
        this.access = access;
        this.settings = settings;
    }

    @Override
    public Optional<String> callParticipant(int devId, long userId, String room, String number) {
        if (!ROOM.matcher(room).matches()) {
            return Optional.of("No such room");
        }
        if (!NUMBER.matcher(number).matches()) {
            return Optional.of("The number must be + and 3 to 15 digits, or 3 to 15 digits");
        }
        if (!access.inRoom(devId, userId, room)) {
            return Optional.of("Only a member or invitee of the room may call participants into it");
        }
        List<RoomSettings> rows = settings.get(devId, List.of(room));
        if (rows.isEmpty() || !rows.get(0).allowDial()) {
            return Optional.of("The room does not allow calling participants (conference_settings.allow_dial)");
        }
        try {
            conferences.dialIntoRoom(devId, room, userId, "loopback/" + number + "/default", number);
        } catch (CometQlException | IllegalArgumentException e) {
            log.info("dev {} user {}: cannot call {} into room {}: {}", devId, userId, number, room, e.getMessage());
            return Optional.of("Cannot call participants now: " + e.getMessage());
        }
        log.info("dev {} user {} calls {} into room {}", devId, userId, number, room);
        return Optional.empty();
    }

    @Override
    public Optional<String> iceFailed(int devId, long userId, String room) {
        if (!ROOM.matcher(room).matches() || !access.inRoom(devId, userId, room)) {
            return Optional.of("Only a member or invitee of the room may report its ICE failures");
        }
        log.info("dev {} user {}: conference leg in room {} failed ICE after a restart", devId, userId, room);
        conferences.iceFailed(devId, room, userId);
        return Optional.empty();
    }
}
