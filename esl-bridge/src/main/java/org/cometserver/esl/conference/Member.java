package org.cometserver.esl.conference;

import java.time.Instant;

/**
 * A conference member as last reported by FreeSWITCH.
 *
 * @param memberId      mod_conference's member id (one counter per FreeSWITCH process, reset by a restart)
 * @param uuid          the member's channel {@code Unique-ID}
 * @param joinedAt      when it joined (event time, or derived from {@code json_list}'s {@code join_time} seconds)
 * @param lastTalkingAt when it last started or stopped talking; null if never seen talking
 * @param muted         cannot speak ({@code Speak: false})
 * @param deaf          cannot hear ({@code Hear: false})
 * @param hasVideo      the member sends video ({@code Video: true})
 * @param videoMuted    video muted with {@code vmute} ({@code See: false})
 */
public record Member(String node, String conference, int memberId, String uuid, String callerIdNumber,
                     String callerIdName, Instant joinedAt, Instant lastTalkingAt, boolean muted, boolean deaf,
                     boolean talking, boolean hasVideo, boolean videoMuted, boolean hasFloor) {

    Member withFloor(boolean floor) {
        return floor == hasFloor ? this : new Member(node, conference, memberId, uuid, callerIdNumber, callerIdName,
                joinedAt, lastTalkingAt, muted, deaf, talking, hasVideo, videoMuted, floor);
    }

    Member withTimes(Instant joined, Instant lastTalking) {
        return new Member(node, conference, memberId, uuid, callerIdNumber, callerIdName, joined, lastTalking, muted, deaf,
                talking, hasVideo, videoMuted, hasFloor);
    }
}
