package org.cometserver.esl.standin;

/**
 * What a SIP user agent does with an INVITE from the stand-in, per registered user name ({@link FreeSwitchStandIn#register}).
 * A user with no registration is answered {@code USER_NOT_REGISTERED} (or {@code SUBSCRIBER_ABSENT}) by originate
 * and bridge.
 */
public enum SipDevice {
    /** Answers at once (200 OK). */
    ANSWER,
    /** Rings until the test answers ({@link FreeSwitchStandIn#answer}), rejects or hangs up. */
    RING,
    /** 486 Busy Here: the leg fails with {@code USER_BUSY}. */
    BUSY,
    /** 603 Decline: the leg fails with {@code CALL_REJECTED}. */
    DECLINE;

    /** The SIP status and hangup cause of a refusal, or null for devices that do not refuse. */
    String[] refusal() {
        return switch (this) {
            case BUSY -> new String[]{"486", "USER_BUSY"};
            case DECLINE -> new String[]{"603", "CALL_REJECTED"};
            default -> null;
        };
    }
}
