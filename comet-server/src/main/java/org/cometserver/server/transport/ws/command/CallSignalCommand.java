package org.cometserver.server.transport.ws.command;

import org.cometserver.server.calls.CallFrames;
import org.cometserver.server.calls.CallSignal;
import org.cometserver.server.calls.CallSignalException;
import org.cometserver.server.calls.P2pCalls;
import org.cometserver.server.config.CallsSection;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.nio.charset.StandardCharsets;

/**
 * {@code call_signal\n<JSON>}: a P2P call signal (docs/CALLS.md) for {@link P2pCalls}. Only authorised connections
 * may signal; a signal over {@code [calls] max_signal_size}, beyond {@code signals_per_second}, malformed or refused
 * gets the error frame with {@code sessionID} and {@code signalType} added, and is dropped.
 */
final class CallSignalCommand implements WsCommand {

    @Override
    public void execute(WsSession session, String args) {
        P2pCalls calls = session.services().calls();
        if (calls == null) {
            session.write(WsFrames.error("Calls are not available on this server", session.services().now()));
            return;
        }
        CallsSection limits = calls.config();
        if (!session.authorized()) {
            refuse(session, "Calls need an authorized connection (user id and hash or JWT)", "", "");
            return;
        }
        if (tooLong(args, limits.maxSignalBytes())) {
            String[] ids = CallSignal.peek(args);
            refuse(session, "Signal is larger than max_signal_size (" + limits.maxSignalBytes() + " bytes)", ids[0],
                    ids[1]);
            return;
        }
        if (!session.takeSignal(limits)) {
            String[] ids = CallSignal.peek(args);
            refuse(session, "Too many signals: at most " + limits.signalsPerSecond() + " a second", ids[0], ids[1]);
            return;
        }
        try {
            calls.signal(session, session.devId(), CallSignal.parse(args));
        } catch (CallSignalException e) {
            refuse(session, e.getMessage(), e.sessionId(), e.signalType());
        }
    }

    private static boolean tooLong(String text, int maxBytes) {
        // UTF-8 takes at least one byte a char and at most three: count only when it could matter
        if (text.length() > maxBytes) {
            return true;
        }
        return (long) text.length() * 3 > maxBytes && text.getBytes(StandardCharsets.UTF_8).length > maxBytes;
    }

    private static void refuse(WsSession session, String text, String sessionId, String signalType) {
        session.write(CallFrames.refusal(text, sessionId, signalType, session.services().now()));
    }
}
