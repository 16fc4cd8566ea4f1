package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code pipes_settings}: per-channel history length. */
public interface PipeSettingsStore {
    void put(int devId, String name, int length);

    /** Every setting of every dev_id (loaded once at start into the in-memory cache). */
    List<PipeSetting> loadAll();

    /** The settings of those of {@code names} that have some (another node changed them: issue #12). */
    List<PipeSetting> get(int devId, Collection<String> names);

    int delete(int devId, Collection<String> names);
}
