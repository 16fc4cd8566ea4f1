package org.cometserver.esl.call;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.esl.codec.EslEventParser;
import org.cometserver.esl.codec.EslFrameDecoder;
import org.cometserver.esl.codec.EslMessage;
import org.cometserver.esl.spi.CallListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Feeds recorded (or stand-in) event-socket bytes through the production decoder and parser into a {@link CallTracker},
 * and writes the call events it reports as one line each: {@code TYPE <uuid-prefix> STATE peer=<number> [extra]}.
 */
final class RecordedCalls {

    private RecordedCalls() {
    }

    /** The tracker's events for {@code raw} delivered in pieces cut at {@code splits} (sorted offsets; empty: one piece). */
    static List<CallEvent> events(byte[] raw, Predicate<SipLeg> isCall, int... splits) {
        List<CallEvent> events = new ArrayList<>();
        CallTracker tracker = new CallTracker(Runnable::run, isCall);
        tracker.addListener((CallListener) events::add);
        EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder());
        int from = 0;
        for (int split : splits) {
            ch.writeInbound(Unpooled.wrappedBuffer(raw, from, split - from));
            from = split;
            drain(ch, tracker);
        }
        ch.writeInbound(Unpooled.wrappedBuffer(raw, from, raw.length - from));
        drain(ch, tracker);
        ch.finishAndReleaseAll();
        return events;
    }

    private static void drain(EmbeddedChannel ch, CallTracker tracker) {
        EslMessage m;
        while ((m = ch.readInbound()) != null) {
            if (EslEventParser.isEvent(m)) {
                tracker.apply("fs1", EslEventParser.parse(m));
            }
        }
    }

    /** One line per event; uuids shortened to their first 8 characters. */
    static List<String> lines(List<CallEvent> events) {
        return events.stream().map(RecordedCalls::line).toList();
    }

    static String line(CallEvent e) {
        SipLeg l = e.leg();
        StringBuilder sb = new StringBuilder().append(e.type()).append(' ').append(l.uuid(), 0, 8).append(' ').append(l.state())
                .append(" peer=").append(l.peerNumber());
        if (l.otherLegUuid() != null) {
            sb.append(" other=").append(l.otherLegUuid(), 0, 8);
        }
        if (e.digit() != null) {
            sb.append(" digit=").append(e.digit());
        }
        if (l.hangupCause() != null) {
            sb.append(" cause=").append(l.hangupCause());
        }
        if (l.sipStatus() != null) {
            sb.append(" sip=").append(l.sipStatus());
        }
        if (l.state().isFinal()) {
            sb.append(" billsec=").append(l.billsec());
        }
        return sb.toString();
    }
}
