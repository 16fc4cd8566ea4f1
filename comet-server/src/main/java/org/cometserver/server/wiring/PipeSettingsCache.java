package org.cometserver.server.wiring;

import org.cometserver.server.store.PipeSetting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pipes_settings} in memory, so deciding whether a publish needs the store never blocks: loaded once at start,
 * then updated by every write that goes to the store.
 */
final class PipeSettingsCache {
    private static final ConcurrentHashMap<String, Integer> EMPTY = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<Integer, ConcurrentHashMap<String, Integer>> byDev = new ConcurrentHashMap<>();

    PipeSettingsCache(List<PipeSetting> settings) {
        settings.forEach(s -> put(s.devId(), s.name(), s.length()));
    }

    /** The history length of the pipe, 0 when it has no settings. */
    int length(int devId, String pipe) {
        Map<String, Integer> pipes = byDev.get(devId);
        return pipes == null ? 0 : pipes.getOrDefault(pipe, 0);
    }

    /** The pipes among {@code pipes} that have settings, in the order given. */
    Map<String, Integer> lengths(int devId, Iterable<String> pipes) {
        Map<String, Integer> result = new LinkedHashMap<>();
        Map<String, Integer> known = byDev.getOrDefault(devId, EMPTY);
        for (String pipe : pipes) {
            Integer length = known.get(pipe);
            if (length != null) {
                result.put(pipe, length);
            }
        }
        return result;
    }

    Map<String, Integer> all(int devId, int limit) {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : byDev.getOrDefault(devId, EMPTY).entrySet()) {
            if (result.size() >= limit) {
                break;
            }
            result.put(entry.getKey(), entry.getValue());
        }
        return result;
    }

    void put(int devId, String pipe, int length) {
        byDev.computeIfAbsent(devId, d -> new ConcurrentHashMap<>()).put(pipe, length);
    }

    void remove(int devId, Iterable<String> pipes) {
        Map<String, Integer> known = byDev.get(devId);
        if (known != null) {
            pipes.forEach(known::remove);
        }
    }
}
