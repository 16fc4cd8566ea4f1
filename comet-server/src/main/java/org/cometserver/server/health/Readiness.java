package org.cometserver.server.health;

import org.cometserver.esl.NodeHealth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether this process can serve: the store answers, every enabled listener is bound, every {@code [sip] freeswitch}
 * node is UP. One home for the rule, read by {@code /ready} and {@code SHOW GLOBAL STATUS}. Every input is a cached
 * or in-memory value, so {@link #check()} is safe on an event loop.
 */
public final class Readiness {
    private final StoreProbe store;
    private final Supplier<Map<String, Boolean>> listenersBound;
    private final Supplier<List<NodeHealth>> freeswitchNodes;

    /**
     * @param listenersBound  each enabled listener's section name and whether it is bound now
     * @param freeswitchNodes each {@code [sip] freeswitch} node's health, empty when there is none
     */
    public Readiness(StoreProbe store, Supplier<Map<String, Boolean>> listenersBound,
                     Supplier<List<NodeHealth>> freeswitchNodes) {
        this.store = store;
        this.listenersBound = listenersBound;
        this.freeswitchNodes = freeswitchNodes;
    }

    /**
     * One check's outcome.
     *
     * @param problems why the process is not ready; empty when it is
     * @param nodes    each FreeSWITCH node's state, listed whether UP or not
     */
    public record Report(List<String> problems, Map<String, String> nodes) {
        public boolean ready() {
            return problems.isEmpty();
        }

        /** {@code {"status":"UP"|"DOWN","problems":[...],"freeswitch":{"node":"UP",...}}}. */
        public String toJson() {
            StringBuilder json = new StringBuilder("{\"status\":\"").append(ready() ? "UP" : "DOWN")
                    .append("\",\"problems\":[");
            for (int i = 0; i < problems.size(); i++) {
                json.append(i == 0 ? "" : ",").append(quote(problems.get(i)));
            }
            json.append("],\"freeswitch\":{");
            int i = 0;
            for (Map.Entry<String, String> node : nodes.entrySet()) {
                json.append(i++ == 0 ? "" : ",").append(quote(node.getKey())).append(':')
                        .append(quote(node.getValue()));
            }
            return json.append("}}").toString();
        }

        /** The {@code SHOW GLOBAL STATUS} value: {@code yes}, or {@code no: } and the problems. */
        public String statusValue() {
            return ready() ? "yes" : "no: " + String.join("; ", problems);
        }
    }

    public Report check() {
        List<String> problems = new ArrayList<>();
        store.problem().ifPresent(problems::add);
        listenersBound.get().forEach((section, bound) -> {
            if (!bound) {
                problems.add("listener [" + section + "] not bound");
            }
        });
        Map<String, String> nodes = new LinkedHashMap<>();
        for (NodeHealth node : freeswitchNodes.get()) {
            String state = node.state() + (node.isUp() || node.lastError() == null ? "" : " (" + node.lastError()
                    + ")");
            nodes.put(node.node(), state);
            if (!node.isUp()) {
                problems.add("freeswitch node " + node.node() + ": " + state);
            }
        }
        return new Report(List.copyOf(problems), nodes);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
