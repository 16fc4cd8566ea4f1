package org.cometserver.esl.call;

import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.codec.EslHeaders;
import org.cometserver.esl.spi.CallListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which legs make a call ({@link CallTracker#BROWSER_CALLS}), the bound of the channel table, and the resync. */
class CallTrackerTest {

    private final List<CallEvent> events = new ArrayList<>();
    private final CallTracker tracker = new CallTracker(Runnable::run, CallTracker.BROWSER_CALLS);

    {
        tracker.addListener((CallListener) events::add);
    }

    @Test
    void browserUsersAndOurVariablesMakeCalls() {
        tracker.apply("fs1", create("a", "inbound", "sofia/internal/0000005@example.com", Map.of("variable_sip_from_user", "0000005"), "1000"));
        tracker.apply("fs1", create("b", "outbound", "sofia/internal/0000007@example.com", Map.of("variable_dialed_user", "0000007"), "0000007"));
        tracker.apply("fs1", create("c", "outbound", "loopback/9197-a", Map.of("variable_comet_user_id", "5"), "9197"));
        // not calls: a browser joining a comet conference, a phone, a name that is not CppComet's (leading zero of the user id)
        tracker.apply("fs1", create("d", "inbound", "sofia/internal/0000005@example.com", Map.of("variable_sip_from_user", "0000005"), "0*3000*default"));
        tracker.apply("fs1", create("e", "inbound", "sofia/internal/1000@example.com", Map.of("variable_sip_from_user", "1000"), "0000005"));
        tracker.apply("fs1", create("f", "inbound", "sofia/internal/0000000005@example.com", Map.of("variable_sip_from_user", "0000000005"), "1000"));
        assertEquals(List.of("a", "b", "c"), events.stream().map(e -> e.leg().uuid()).toList());
        assertEquals("0000007", events.get(1).leg().sipUser());
        assertEquals(Map.of("comet_user_id", "5"), events.get(2).leg().variables());
        assertEquals(List.of("a", "b", "c"), tracker.callLegs().stream().map(SipLeg::uuid).toList());
        assertTrue(tracker.channel("fs1", "e").isPresent(), "followed (a peer's number comes from it), not reported");
    }

    @Test
    void resyncDropsWhatEndedWhileAway() {
        tracker.apply("fs1", create("a", "inbound", "sofia/internal/0000005@x", Map.of("variable_sip_from_user", "0000005"), "1000"));
        tracker.apply("fs1", create("b", "inbound", "sofia/internal/0000006@x", Map.of("variable_sip_from_user", "0000006"), "1000"));
        tracker.apply("fs2", create("a", "inbound", "sofia/internal/0000005@x", Map.of("variable_sip_from_user", "0000005"), "1000"));
        tracker.retainOnly("fs1", List.of("b"));
        assertEquals(List.of("LOST a FAILED fs1"), events.stream().filter(e -> e.type() == CallEvent.Type.LOST)
                .map(e -> e.type() + " " + e.leg().uuid() + " " + e.leg().state() + " " + e.leg().node()).toList());
        assertEquals(List.of("fs1 b", "fs2 a"), tracker.callLegs().stream().map(l -> l.node() + " " + l.uuid()).sorted().toList());
    }

    @Test
    void theChannelTableIsBounded() {
        for (int i = 0; i < CallTracker.MAX_CHANNELS_PER_NODE + 10; i++) {
            tracker.apply("fs1", create("c" + i, "outbound", "loopback/9197-a", Map.of("variable_comet_n", "1"), "9197"));
        }
        assertEquals(CallTracker.MAX_CHANNELS_PER_NODE, tracker.callLegs().size());
        assertEquals(CallTracker.MAX_CHANNELS_PER_NODE, events.size());
        // a hangup of a followed channel makes room again
        tracker.apply("fs1", hangup("c0"));
        tracker.apply("fs1", create("late", "outbound", "loopback/9197-a", Map.of("variable_comet_n", "1"), "9197"));
        assertTrue(tracker.channel("fs1", "late").isPresent());
    }

    private static EslEvent create(String uuid, String direction, String channel, Map<String, String> variables, String destination) {
        EslHeaders.Builder h = EslHeaders.builder().add("Event-Name", "CHANNEL_CREATE").add("Unique-ID", uuid)
                .add("Channel-Name", channel).add("Call-Direction", direction).add("Answer-State", "ringing")
                .add("Caller-Caller-ID-Number", "1").add("Caller-Destination-Number", destination)
                .add("Caller-Channel-Created-Time", "1795268921394013");
        variables.forEach(h::add);
        return new EslEvent(h.build(), null);
    }

    private static EslEvent hangup(String uuid) {
        return new EslEvent(EslHeaders.builder().add("Event-Name", "CHANNEL_HANGUP_COMPLETE").add("Unique-ID", uuid)
                .add("Hangup-Cause", "NORMAL_CLEARING").add("Answer-State", "hangup").build(), null);
    }
}
