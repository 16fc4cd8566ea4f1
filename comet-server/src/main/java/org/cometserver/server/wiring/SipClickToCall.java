package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.cometql.spi.CallBackend.DialRequest;
import org.cometserver.server.calls.SipCalls;
import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Click-to-call ({@code INSERT INTO calls (user_id, dial, call_type)}): rings every registered browser of the user,
 * {@code user/<6-digit dev_id><user id>@<domain>}, on the first {@code [sip] freeswitch} node (the one browsers
 * register with for SIP calls, docs/CALLS.md), and bridges the one that answers to the dial.
 */
final class SipClickToCall implements BiFunction<Integer, DialRequest, CallLeg> {
    private final SipSection sip;
    private final FreeswitchRooms rooms;
    private final SipCalls calls;
    private final Duration ringTimeout;

    /** @param reportedDomain node name → the {@code $${domain}} FreeSWITCH reported */
    SipClickToCall(SipSection sip, Function<String, Optional<String>> reportedDomain, SipCalls calls,
                   Duration ringTimeout) {
        this.sip = sip;
        this.rooms = new FreeswitchRooms(sip, reportedDomain);
        this.calls = calls;
        this.ringTimeout = ringTimeout;
    }

    @Override
    public CallLeg apply(Integer devId, DialRequest request) {
        FreeswitchNode node = sip.freeswitch().get(0);
        String domain = rooms.domain(node).orElseThrow(() -> new CometQlException(CometQlErrors.INTERNAL,
                "cannot call " + node.name() + ": FreeSWITCH has not reported its domain yet (node not connected) and"
                        + " its [sip] freeswitch entry has no Domain="));
        String sipName = FreeswitchRooms.directoryUser(devId, request.userId());
        return calls.dial(devId, request, node.name(), "user/" + sipName + "@" + domain, sipName, ringTimeout);
    }
}
