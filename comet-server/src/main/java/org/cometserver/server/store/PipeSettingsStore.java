package org.cometserver.server.store;

import java.util.Collection;
import java.util.List;

/** {@code pipes_settings}: per-channel history length. */
public interface PipeSettingsStore {
    void put(int devId, String name, int length);

    /** Every setting of every dev_id (loaded once at start into the in-memory cache). */
    List<PipeSetting> loadAll();

    int delete(int devId, Collection<String> names);
}
