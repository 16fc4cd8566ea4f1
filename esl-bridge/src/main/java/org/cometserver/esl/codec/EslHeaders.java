package org.cometserver.esl.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The header lines of an event-socket frame or event, in wire order. A list, not a map: FreeSWITCH repeats names in one
 * event (a {@code floor-change} carries {@code Conference-Name} twice, once for the conference and once for the new floor
 * holder), and the stand-in must write them back in the same order.
 */
public final class EslHeaders {

    public static final EslHeaders EMPTY = new EslHeaders(List.of());

    private final List<Map.Entry<String, String>> entries;

    private EslHeaders(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    public static EslHeaders of(List<Map.Entry<String, String>> entries) {
        return new EslHeaders(List.copyOf(entries));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first value of {@code name} (names compare exactly, as FreeSWITCH does), or null. */
    public String get(String name) {
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public String getOrDefault(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    /** Collects headers in order; repeated names are kept. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

        public Builder add(String name, String value) {
            entries.add(Map.entry(name, value));
            return this;
        }

        public Builder addAll(EslHeaders headers) {
            entries.addAll(headers.entries);
            return this;
        }

        public EslHeaders build() {
            return new EslHeaders(Collections.unmodifiableList(new ArrayList<>(entries)));
        }
    }
}
