package org.cometserver.esl.conference;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every conference of every node at one instant; immutable, so it can be read and kept without locks. */
public record ConferenceSnapshot(List<Conference> conferences, Instant takenAt) {

    public ConferenceSnapshot {
        conferences = List.copyOf(conferences);
    }

    public Optional<Conference> find(String node, String name) {
        return conferences.stream().filter(c -> c.node().equals(node) && c.name().equals(name)).findFirst();
    }

    /** Conferences of that name on any node (a name is only unique per node). */
    public List<Conference> named(String name) {
        return conferences.stream().filter(c -> c.name().equals(name)).toList();
    }

    public List<Member> members() {
        return conferences.stream().flatMap(c -> c.members().stream()).toList();
    }
}
