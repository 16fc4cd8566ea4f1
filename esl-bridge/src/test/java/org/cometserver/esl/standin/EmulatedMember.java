package org.cometserver.esl.standin;

import java.time.Instant;

/** A mod_conference member of the stand-in: a loopback B-leg (or a dialled leg) with the member flags FreeSWITCH reports. */
final class EmulatedMember {

    final int id;
    final String uuid;
    final String channelName;
    final String callerIdName;
    final String callerIdNumber;
    final String destination;
    final Instant joinedAt;
    boolean hear = true;
    boolean speak = true;
    boolean see = true;
    boolean video;
    boolean talking;
    boolean hold;
    boolean floor;
    Instant lastTalking;
    int energy = 100;

    EmulatedMember(int id, String uuid, String channelName, String callerIdName, String callerIdNumber, String destination,
                   Instant joinedAt) {
        this.id = id;
        this.uuid = uuid;
        this.channelName = channelName;
        this.callerIdName = callerIdName;
        this.callerIdNumber = callerIdNumber;
        this.destination = destination;
        this.joinedAt = joinedAt;
    }

    /** The flags column of {@code conference <name> list}, in mod_conference's order. */
    String listFlags() {
        StringBuilder sb = new StringBuilder();
        append(sb, hear, "hear");
        append(sb, speak, "speak");
        append(sb, talking, "talking");
        append(sb, hold, "hold");
        append(sb, video, "video");
        append(sb, floor, "floor");
        return sb.toString();
    }

    private static void append(StringBuilder sb, boolean set, String flag) {
        if (set) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(flag);
        }
    }
}
