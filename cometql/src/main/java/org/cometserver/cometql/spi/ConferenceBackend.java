package org.cometserver.cometql.spi;

import java.util.Collection;
import java.util.List;

/** Conferences on FreeSWITCH: invitations ({@code conference}) and live members ({@code conference_members}). */
public interface ConferenceBackend {

    /**
     * Stores the invitation and pushes CppComet's {@code sys_sipCall} event to the user's {@code msg} pipe.
     * Throws {@link org.cometserver.cometql.error.CometQlException} (500) when no FreeSWITCH node is configured.
     */
    Invitation invite(int devId, InvitationRequest request);

    List<Invitation> invitations(int devId, Collection<String> names);

    List<Invitation> allInvitations(int devId, int limit);

    /**
     * Deletes invitations of conference {@code name}: of the given users, or of everybody when {@code userIds} is
     * null. Members of those users who are live in the conference are kicked. Returns the number of rows removed.
     */
    int deleteInvitations(int devId, String name, Collection<Long> userIds);

    /** Live members from the FreeSWITCH registry; never waits on FreeSWITCH. Non-blocking. */
    List<Member> members(int devId, Collection<String> names);

    List<Member> allMembers(int devId, int limit);

    /**
     * Kicks members of {@code name} (of the given users, or all when null) through FreeSWITCH. Throws
     * {@link org.cometserver.cometql.error.CometQlException} when FreeSWITCH refuses or is unreachable.
     */
    int kickMembers(int devId, String name, Collection<Long> userIds);

    /**
     * Applies {@code changes} to the live members of {@code name} of the given users (all when null) through
     * FreeSWITCH. Throws {@link org.cometserver.cometql.error.CometQlException} when FreeSWITCH refuses or is
     * unreachable. Returns the number of members changed.
     */
    int updateMembers(int devId, String name, Collection<Long> userIds, MemberChanges changes);

    /**
     * What an {@code UPDATE conference_members} sets; null leaves a flag as it is. {@code floor} true gives the member
     * the video floor ({@code vid-floor <id> force}); false is refused (FreeSWITCH has no command to take it back).
     */
    record MemberChanges(Boolean muted, Boolean deaf, Boolean videoMuted, Boolean floor) {
        public MemberChanges(Boolean muted, Boolean deaf, Boolean videoMuted) {
            this(muted, deaf, videoMuted, null);
        }
    }

    /** An {@code INSERT INTO conference} row as given; {@code profile} defaults to {@code default}. */
    record InvitationRequest(String name, long userId, long callerId, String message, String profile, String stream,
                             String dial) {
    }

    /** A stored invitation ({@code conference} row). */
    record Invitation(String name, long userId, long callerId, String message, String profile, String stream,
                      String node, long time) {
    }

    /**
     * A live conference member ({@code conference_members} row).
     *
     * @param floor  holds the floor (issue 11)
     * @param kind   {@code web} (a browser user), {@code sip} (another SIP device) or {@code phone} (dialled out to,
     *               or dialled in with a PIN)
     * @param number the phone's number (the dial string or the caller's number); empty for {@code web}
     */
    record Member(String name, long userId, long joinTime, long lastTalking, String memberId, boolean muted,
                  boolean deaf, boolean talking, boolean video, boolean videoMuted, String node, boolean floor,
                  String kind, String number) {
        /** A web member without the floor. */
        public Member(String name, long userId, long joinTime, long lastTalking, String memberId, boolean muted,
                      boolean deaf, boolean talking, boolean video, boolean videoMuted, String node) {
            this(name, userId, joinTime, lastTalking, memberId, muted, deaf, talking, video, videoMuted, node, false,
                    "web", "");
        }

        /** A member without the floor. */
        public Member(String name, long userId, long joinTime, long lastTalking, String memberId, boolean muted,
                      boolean deaf, boolean talking, boolean video, boolean videoMuted, String node, String kind,
                      String number) {
            this(name, userId, joinTime, lastTalking, memberId, muted, deaf, talking, video, videoMuted, node, false,
                    kind, number);
        }
    }
}
