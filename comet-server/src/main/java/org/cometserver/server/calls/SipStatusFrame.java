package org.cometserver.server.calls;

import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.EncodedFrame;

import java.util.Map;

/**
 * The SIP call status frame (docs/CALLS.md "SIP calls"): pipe {@value #PIPE}, event {@value #EVENT}, pushed to every
 * connection of the browser user on each change of one of its calls. The pipe is the P2P call frames' one.
 */
final class SipStatusFrame {
    static final String PIPE = "_calls";
    static final String EVENT = "sipStatus";

    private SipStatusFrame() {
    }

    /** {@code {"data":{...},"event":"sipStatus","message_send_time":<now>,"pipe":"_calls"}}, keys sorted. */
    static EncodedFrame of(SipCallRow row, long now) {
        return CometFrames.sorted(Map.of("data", row.statusData(), "event", EVENT, "message_send_time", now,
                "pipe", PIPE));
    }
}
