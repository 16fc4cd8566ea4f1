package org.cometserver.esl.standin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A channel (call leg) of the stand-in, with the state FreeSWITCH reports in its {@code CHANNEL_*} events. Confined to the
 * emulator's lock.
 */
final class EmulatedChannel {

    final String uuid;
    final String name;
    /** {@code inbound}: FreeSWITCH received the call; {@code outbound}: FreeSWITCH placed it. */
    final String direction;
    /** {@code sofia} or {@code loopback}: only SIP endpoints signal hold (call state HELD), recordings 12 and 12b. */
    final String endpoint;
    final String callerIdName;
    final String callerIdNumber;
    final String destination;
    final String source;
    final Instant created;
    /** Channel variables in the order FreeSWITCH lists them; {@code variable_} is added when written. */
    final Map<String, String> variables = new LinkedHashMap<>();
    /** The SIP user agent on this leg (sofia legs), or null. */
    final SipDevice device;

    String calleeName = "Outbound Call";
    String calleeNumber;
    String channelState = "CS_INIT";
    int channelStateNumber = 2;
    String callState = "DOWN";
    String answerState = "ringing";
    boolean hitDialplan;
    Instant progressAt;
    Instant answeredAt;
    Instant bridgedAt;
    Instant hungUpAt;
    Instant lastHoldAt;
    EmulatedChannel other;
    /** The B-leg this leg's bridge is calling, until it answers or fails. */
    EmulatedChannel dialing;
    /** {@code originator} or {@code originatee}: how {@link #other} relates to this leg. */
    String otherType;
    String hangupCause;
    /** Runs when answered: {@code &bridge(...)}, {@code &park}, or an extension; null for a leg that is bridged to. */
    String application;
    boolean hungUp;
    /** {@code Caller-Network-Addr}: a SIP leg's once it got an answer from its device, inherited by legs it bridges to. */
    String networkAddr;
    /** {@code Caller-Dialplan} is written: every leg but a SIP leg placed by originate itself (12b vs 14). */
    boolean dialplan = true;
    /** The context a loopback leg's other half runs its extension in. */
    String loopbackContext = "default";

    EmulatedChannel(String uuid, String name, String direction, String endpoint, String callerIdName, String callerIdNumber,
                    String destination, String source, Instant created, SipDevice device) {
        this.uuid = uuid;
        this.name = name;
        this.direction = direction;
        this.endpoint = endpoint;
        this.callerIdName = callerIdName;
        this.callerIdNumber = callerIdNumber;
        this.destination = destination;
        this.source = source;
        this.created = created;
        this.device = device;
        this.calleeNumber = destination;
    }

    boolean isAnswered() {
        return answeredAt != null;
    }

    boolean signalsHold() {
        return "sofia".equals(endpoint);
    }
}
