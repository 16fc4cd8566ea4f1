package org.cometserver.server.wiring;

import org.cometserver.esl.conference.Member;

import java.util.Optional;
import java.util.OptionalLong;

/** The {@code kind} of a {@code conference_members} row and of a member in the room's notices. */
final class MemberKinds {
    /** A browser user (its directory name is {@code <6-digit dev_id><user id>}). */
    static final String WEB = "web";
    /** Another SIP device registered to FreeSWITCH (e.g. a desk phone dialling the room). */
    static final String SIP = "sip";
    /** A phone dialled into the room, or a caller that entered the room's PIN. */
    static final String PHONE = "phone";

    /** Who a member is: the user it is listed under, its kind and number. */
    record Identity(long userId, String kind, String number) {
    }

    private MemberKinds() {
    }

    /**
     * A dialled call or PIN caller shows the phone's caller id: the user whose row or page dialled it comes first
     * ({@code phones}, null for none); then a browser user's directory name; anything else is another SIP device
     * (user 0).
     */
    static Identity of(int devId, Member member, DialledMembers phones) {
        Optional<DialledMembers.Phone> phone = phones == null ? Optional.empty() : phones.phone(member.uuid());
        if (phone.isPresent()) {
            String number = phone.get().number().isEmpty() ? member.callerIdNumber() : phone.get().number();
            return new Identity(phone.get().userId(), PHONE, number);
        }
        OptionalLong userId = FreeswitchRooms.userId(devId, member.callerIdName(), member.callerIdNumber());
        if (userId.isPresent()) {
            return new Identity(userId.getAsLong(), WEB, "");
        }
        return new Identity(0, SIP, member.callerIdNumber());
    }
}
