package org.cometserver.server.wiring;

/** The {@code kind} of a {@code conference_members} row and of a member in the room's notices. */
final class MemberKinds {
    /** A browser user (its directory name is {@code <6-digit dev_id><user id>}). */
    static final String WEB = "web";
    /** Another SIP device registered to FreeSWITCH (e.g. a desk phone dialling the room). */
    static final String SIP = "sip";
    /** A phone dialled into the room, or a caller that entered the room's PIN. */
    static final String PHONE = "phone";

    private MemberKinds() {
    }
}
