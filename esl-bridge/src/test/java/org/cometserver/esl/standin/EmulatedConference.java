package org.cometserver.esl.standin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A conference of the stand-in; members are kept newest first, the order of every mod_conference listing. */
final class EmulatedConference {

    final String name;
    final String profile;
    final String uuid;
    final Instant createdAt;
    final List<EmulatedMember> members = new ArrayList<>();
    /** Room control (RoomCommands): {@code lock}, {@code set max_members} (0 = unlimited), running recordings. */
    boolean locked;
    int maxMembers;
    final List<String> recordings = new ArrayList<>();

    EmulatedConference(String name, String profile, String uuid, Instant createdAt) {
        this.name = name;
        this.profile = profile;
        this.uuid = uuid;
        this.createdAt = createdAt;
    }

    EmulatedMember member(int id) {
        for (EmulatedMember m : members) {
            if (m.id == id) {
                return m;
            }
        }
        return null;
    }

    /** A profile with {@code video-mode=mux} (freeswitch-conf's video-mcu-stereo): vid-layout works. */
    boolean videoMux() {
        return profile.startsWith("video-mcu");
    }

    /** Whether a new member is refused: locked, or max_members reached (recordings 10 and 15). */
    boolean refusesJoin() {
        return locked || maxMembers > 0 && members.size() >= maxMembers;
    }

    EmulatedMember floorHolder() {
        for (EmulatedMember m : members) {
            if (m.floor) {
                return m;
            }
        }
        return null;
    }
}
