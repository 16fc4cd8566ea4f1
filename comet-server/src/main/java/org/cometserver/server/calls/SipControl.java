package org.cometserver.server.calls;

import org.cometserver.esl.EslBridge;
import org.cometserver.esl.call.CallCommand;
import org.cometserver.esl.call.OriginateRequest;

import java.util.concurrent.CompletableFuture;

/** What the SIP calls ask of FreeSWITCH: the event-socket bridge's call control (a fake in unit tests). */
public interface SipControl {

    /** {@link EslBridge#callCommand}: completes with FreeSWITCH's success reply, fails with its refusal. */
    CompletableFuture<String> callCommand(String node, CallCommand command, String uuid, String argument);

    /** {@link EslBridge#originate}: completes with the browser leg's uuid once it answered. */
    CompletableFuture<String> originate(String node, OriginateRequest request);

    static SipControl of(EslBridge bridge) {
        return new SipControl() {
            @Override
            public CompletableFuture<String> callCommand(String node, CallCommand command, String uuid, String argument) {
                return bridge.callCommand(node, command, uuid, argument);
            }

            @Override
            public CompletableFuture<String> originate(String node, OriginateRequest request) {
                return bridge.originate(node, request);
            }
        };
    }
}
