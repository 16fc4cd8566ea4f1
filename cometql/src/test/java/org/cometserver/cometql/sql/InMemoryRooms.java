package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.RoomBackend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory {@link RoomBackend} (one dev_id's worth is enough for the table tests); records every put. */
final class InMemoryRooms implements RoomBackend {
    final Map<String, Settings> settings = new TreeMap<>();
    final List<Recording> recordings = new CopyOnWriteArrayList<>();
    final List<Settings> puts = new CopyOnWriteArrayList<>();

    @Override
    public synchronized List<Settings> settings(int devId, Collection<String> names) {
        return settings.values().stream().filter(s -> names.contains(s.name())).toList();
    }

    @Override
    public synchronized List<Settings> allSettings(int devId, int limit) {
        return settings.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized void putSettings(int devId, Settings s) {
        for (Settings other : settings.values()) {
            if (!s.pin().isEmpty() && s.pin().equals(other.pin()) && !other.name().equals(s.name())) {
                throw new CometQlException(CometQlErrors.INVALID_DATA, "The pin is already used by room " + other.name());
            }
        }
        settings.put(s.name(), s);
        puts.add(s);
    }

    @Override
    public synchronized int deleteSettings(int devId, Collection<String> names) {
        int removed = 0;
        for (String name : names) {
            removed += settings.remove(name) != null ? 1 : 0;
        }
        return removed;
    }

    @Override
    public List<Recording> recordings(int devId, Collection<String> rooms) {
        return recordings.stream().filter(r -> rooms.contains(r.room())).toList();
    }

    @Override
    public List<Recording> allRecordings(int devId, int limit) {
        return recordings.stream().limit(limit).toList();
    }

    @Override
    public int deleteRecordings(int devId, String room, Collection<String> paths) {
        List<Recording> gone = new ArrayList<>();
        for (Recording r : recordings) {
            if (r.room().equals(room) && (paths == null || paths.contains(r.path()))) {
                gone.add(r);
            }
        }
        recordings.removeAll(gone);
        return gone.size();
    }
}
