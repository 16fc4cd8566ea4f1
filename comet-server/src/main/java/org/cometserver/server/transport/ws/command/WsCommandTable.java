package org.cometserver.server.transport.ws.command;

import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.Map;

import static java.util.Map.entry;

/**
 * CppComet's client commands by name (docs/CPPCOMET.md §3.4), our {@code queue_ack} and {@code call_signal}; every
 * command object is stateless and shared.
 */
public final class WsCommandTable {
    private static final WsCommand IGNORED = (session, args) -> {
    };

    private final Map<String, WsCommand> commands = Map.ofEntries(
            entry("subscription", new SubscriptionCommand()),
            entry("web_pipe2", new WebPipeCommand()),
            entry("pipe_log", new PipeLogCommand()),
            entry("pipe_count", new PipeCountCommand()),
            entry("track_pipe_users", new TrackPipeUsersCommand()),
            entry("user_data", new UserDataCommand()),
            entry("user_status", new UserStatusCommand()),
            entry("queue_ack", new QueueAckCommand()),
            // recovery after a reconnect (issue #12, docs/CLUSTER.md)
            entry("recover", new RecoverCommand()),
            // P2P calls (beyond CppComet, docs/CALLS.md)
            entry("call_signal", new CallSignalCommand()),
            // phones called into a conference room (docs/CONFERENCES.md)
            entry("call_participant", new CallParticipantCommand()),
            entry("conference_members", new ConferenceMembersCommand()),
            entry("conference_ice_failed", new IceFailedCommand()),
            // CppComet: the page's statistics report is dropped, cgi_call and CometQL_call are stubs (§3.4)
            entry("statistics", IGNORED),
            entry("cgi_call", IGNORED),
            entry("CometQL_call", IGNORED));

    /** Runs the command in {@code text}; an unknown one gets an error frame (CppComet closed without a word). */
    public void execute(WsSession session, String text) {
        int newline = text.indexOf('\n');
        String name = newline < 0 ? text : text.substring(0, newline);
        WsCommand command = commands.get(name);
        if (command == null) {
            session.write(WsFrames.error("Unknown command", session.services().now()));
            return;
        }
        command.execute(session, newline < 0 ? "" : text.substring(newline + 1));
    }
}
