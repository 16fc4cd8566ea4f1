package org.cometserver.server.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One section of a {@code comet.ini} with typed readers. Every reader marks its key as known, so whatever is left
 * afterwards is reported as unknown. Invalid values throw {@link InvalidConfigException} naming section and key.
 */
final class IniSection {
    private static final String LIST_PREFIX = "[]";

    private final String name;
    /** Every occurrence of a key in file order, {@code []} prefix removed. */
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private final Set<String> accepted = new HashSet<>();

    IniSection(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void put(String key, String value) {
        String stripped = value.startsWith(LIST_PREFIX) ? value.substring(LIST_PREFIX.length()).strip() : value;
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(stripped);
    }

    /** The last value given for {@code key}, or {@code fallback}. */
    String string(String key, String fallback) {
        read.add(key);
        List<String> given = values.get(key);
        return given == null ? fallback : given.get(given.size() - 1);
    }

    /** Every value given for {@code key} in file order (a {@code []key} list); empty when absent. */
    List<String> list(String key) {
        read.add(key);
        return List.copyOf(values.getOrDefault(key, List.of()));
    }

    // CppComet: only true, True and TRUE are true; anything else is false (§1.5)
    boolean bool(String key, boolean fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        return value.equals("true") || value.equals("True") || value.equals("TRUE");
    }

    int integer(String key, int fallback, int min, int max) {
        String value = string(key, null);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "not a number: '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw invalid(key, parsed + " out of range " + min + "…" + max);
        }
        return parsed;
    }

    int port(String key, int fallback) {
        return integer(key, fallback, 0, 65535);
    }

    /** Marks keys CppComet knew that we accept and ignore, so they are not reported as unknown. */
    void accept(String... keys) {
        read.addAll(List.of(keys));
        accepted.addAll(List.of(keys));
    }

    /** Every key a reader asked for or accepted, given in the file or not (checked against comet.ini.example). */
    Set<String> readKeys() {
        return Set.copyOf(read);
    }

    /** The keys accepted and ignored (comet.ini.example lists them as "Accepted for compatibility, ignored"). */
    Set<String> acceptedKeys() {
        return Set.copyOf(accepted);
    }

    /** Keys given in the file that no reader asked for. */
    List<String> unreadKeys() {
        List<String> unread = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                unread.add(key);
            }
        }
        return unread;
    }

    /** Every key with its last value, marking all as read (sections of free keys such as {@code [content-type]}). */
    Map<String, String> all() {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            read.add(entry.getKey());
            result.put(entry.getKey(), entry.getValue().get(entry.getValue().size() - 1));
        }
        return result;
    }

    InvalidConfigException invalid(String key, String reason) {
        return new InvalidConfigException(name, key, reason);
    }
}
