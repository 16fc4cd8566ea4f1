package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.RoomBackend;
import org.cometserver.server.store.RecordingStore;
import org.cometserver.server.store.RoomSettings;
import org.cometserver.server.store.RoomSettingsStore;
import org.cometserver.server.store.RoomSettingsStore.PinTakenException;
import org.cometserver.server.store.StoredRecording;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code conference_settings} and {@code conference_recordings} over the store; a change of a live room's settings
 * is sent to FreeSWITCH first ({@link RoomGovernor#commands}) and stored once FreeSWITCH accepted every command
 * (bounded wait, {@link FreeswitchWait}), so that a refused change leaves the row as it was. Runs on the CometQL
 * executor.
 */
final class FreeswitchRoomBackend implements RoomBackend {
    private final RoomSettingsStore settings;
    private final RecordingStore recordings;
    /** Null without a FreeSWITCH node: settings are only stored. */
    private final RoomGovernor governor;
    private final Duration commandWait;

    FreeswitchRoomBackend(RoomSettingsStore settings, RecordingStore recordings, RoomGovernor governor,
                          Duration commandWait) {
        this.settings = settings;
        this.recordings = recordings;
        this.governor = governor;
        this.commandWait = commandWait;
    }

    @Override
    public List<Settings> settings(int devId, Collection<String> names) {
        return settings.get(devId, names).stream().map(FreeswitchRoomBackend::toRow).toList();
    }

    @Override
    public List<Settings> allSettings(int devId, int limit) {
        return settings.all(devId, limit).stream().map(FreeswitchRoomBackend::toRow).toList();
    }

    @Override
    public void putSettings(int devId, Settings row) {
        RoomSettings next = new RoomSettings(devId, row.name(), row.pin(), row.maxMembers(), row.locked(),
                row.record(), row.maxDuration(), row.moderator(), row.videoLayout(), row.waitForModerator(),
                row.allowDial(), row.announce());
        Optional<RoomSettings> holder = settings.byPin(devId, next.pin());
        if (holder.isPresent() && !holder.get().name().equals(next.name())) {
            throw pinTaken(holder.get().name());
        }
        Optional<String[]> where = governor == null ? Optional.empty() : governor.whereLive(devId, next.name());
        if (governor != null) {
            if (where.isPresent()) {
                List<RoomSettings> stored = settings.get(devId, List.of(next.name()));
                RoomSettings before = stored.isEmpty() ? RoomSettings.defaults(devId, next.name()) : stored.get(0);
                List<CompletableFuture<String>> sent = governor.commands(before, next, where.get()[0],
                        where.get()[1]);
                FreeswitchWait.await(sent, commandWait, "the settings of room " + next.name());
            }
        }
        try {
            settings.put(next);
        } catch (PinTakenException e) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, e.getMessage());
        }
        if (governor != null) {
            governor.settingsChanged(next, where.orElse(null));
        }
    }

    private static CometQlException pinTaken(String room) {
        return new CometQlException(CometQlErrors.INVALID_DATA, new PinTakenException(room).getMessage());
    }

    @Override
    public int deleteSettings(int devId, Collection<String> names) {
        return settings.delete(devId, names);
    }

    @Override
    public List<Recording> recordings(int devId, Collection<String> rooms) {
        return recordings.get(devId, rooms).stream().map(FreeswitchRoomBackend::toRow).toList();
    }

    @Override
    public List<Recording> allRecordings(int devId, int limit) {
        return recordings.all(devId, limit).stream().map(FreeswitchRoomBackend::toRow).toList();
    }

    /**
     * Removes rows only: FreeSWITCH has no API to delete a file, and {@code system rm ...} would run a shell on the
     * FreeSWITCH host from a string we build (docs/CONFERENCES.md). A recording still running cannot be removed.
     */
    @Override
    public int deleteRecordings(int devId, String room, Collection<String> paths) {
        for (StoredRecording r : recordings.get(devId, List.of(room))) {
            if (r.ended() == 0 && (paths == null || paths.contains(r.path()))) {
                throw new CometQlException(CometQlErrors.INVALID_DATA, "The recording " + r.path()
                        + " is still running; stop it first (UPDATE conference_settings SET record = 0)");
            }
        }
        return recordings.delete(devId, room, paths);
    }

    private static Settings toRow(RoomSettings s) {
        return new Settings(s.name(), s.pin(), s.maxMembers(), s.locked(), s.record(), s.maxDuration(), s.moderator(),
                s.videoLayout(), s.waitForModerator(), s.allowDial(), s.announce());
    }

    private static Recording toRow(StoredRecording r) {
        return new Recording(r.room(), r.path(), r.started(), r.ended(), r.size(), r.node());
    }
}
