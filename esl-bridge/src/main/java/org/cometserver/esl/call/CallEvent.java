package org.cometserver.esl.call;

import java.util.Objects;

/**
 * Something happened to a tracked leg. {@link #leg()} is the leg's state after the change, so a listener that only
 * keeps the latest {@link SipLeg} per uuid is always right.
 *
 * @param type  what happened
 * @param leg   the leg after it
 * @param digit for {@link Type#DTMF}: the digit ({@code DTMF-Digit}, one of {@code 0-9 * # A-D}); null otherwise
 */
public record CallEvent(Type type, SipLeg leg, String digit) {

    public CallEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(leg, "leg");
    }

    /** The kinds of change, each with the FreeSWITCH event(s) that cause it. */
    public enum Type {
        /** First seen ringing: {@code CHANNEL_CREATE} (or {@code CHANNEL_PROGRESS[_MEDIA]} of a leg seen first then). */
        RING,
        /** {@code CHANNEL_ANSWER}, or {@code CHANNEL_BRIDGE} of a leg not yet reported established. */
        ESTABLISHED,
        /** {@code CHANNEL_HOLD}: state {@link CallState#HOLD}. */
        HOLD,
        /** {@code CHANNEL_UNHOLD}: back to {@link CallState#ESTABLISHED}. */
        UNHOLD,
        /**
         * The other end changed while the state did not: {@code CHANNEL_BRIDGE} of an answered leg (a new
         * {@link SipLeg#otherLegUuid()}), {@code CHANNEL_UNBRIDGE} of a leg that goes on (other leg gone, e.g. after
         * {@code uuid_transfer}); not the {@code CHANNEL_UNBRIDGE} just before a leg's own hangup (FINISH keeps the peer).
         */
        PEER,
        /** {@code DTMF} received by FreeSWITCH on this leg (not digits FreeSWITCH sent with {@code uuid_send_dtmf}). */
        DTMF,
        /** {@code CHANNEL_HANGUP_COMPLETE} of an answered leg: state {@link CallState#FINISH}, with billsec and RTP figures. */
        FINISH,
        /** {@code CHANNEL_HANGUP_COMPLETE} of a leg never answered: state {@link CallState#FAILED} with the cause. */
        FAILED,
        /**
         * The node's event connection dropped and, after the reconnect, {@code show channels} no longer lists the leg:
         * it ended while nobody listened, how is unknown ({@link SipLeg#hangupCause()} null). The state is
         * {@link CallState#FINISH} if it had been answered, else {@link CallState#FAILED}.
         */
        LOST
    }
}
